"""The import and suggestion part's URLs (see urls.py)."""

from django.urls import path

from . import views_import, views_suggest

urlpatterns = [
    path("<int:pk>/import/", views_import.import_risks, name="import"),
    path("<int:pk>/import/template.xlsx", views_import.import_template, name="import_template"),
    path("<int:pk>/import/<str:token>/", views_import.import_preview, name="import_preview"),
    path("<int:pk>/suggest/", views_suggest.suggest, name="suggest"),
    path("<int:pk>/suggestions/", views_suggest.suggestions, name="suggestions"),
    path("<int:pk>/suggestions/mine/", views_suggest.my_suggestions, name="my_suggestions"),
    path("<int:register>/R-<int:number>/triage/", views_suggest.triage, name="triage"),
]
