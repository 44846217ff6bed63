"""The risk part's URLs (see urls.py)."""

from django.urls import path

from . import views_risk as views

urlpatterns = [
    path("<int:register>/R-<int:number>/", views.risk, name="risk"),
]
