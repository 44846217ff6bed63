"""The analysis part's URLs: responses, tagging, notes, the codebook, the analysis tables,
suggestions and offline entry."""

from django.urls import path

from . import views_analysis as views

urlpatterns = [
    path("<int:pk>/responses/", views.responses, name="responses"),
    path("<int:pk>/responses/enter/", views.enter, name="enter"),
    path("<int:pk>/responses/<int:response_id>/", views.response_detail, name="response_detail"),
    path("<int:pk>/responses/<int:response_id>/tags/", views.tag, name="tag"),
    path("<int:pk>/responses/<int:response_id>/notes/", views.add_note, name="add_note"),
    path("<int:pk>/themes/", views.themes, name="themes"),
    path("<int:pk>/themes/<int:theme>/", views.theme_edit, name="theme_edit"),
    path("<int:pk>/themes/<int:theme>/delete/", views.theme_delete, name="theme_delete"),
    path("<int:pk>/analysis/", views.analysis_page, name="analysis"),
    path("<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path("<int:pk>/suggestions/<int:comment>/", views.suggestion_decide, name="suggestion_decide"),
]
