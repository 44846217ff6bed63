"""The register part's URLs (see urls.py)."""

from django.urls import path

from . import views_register as views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.register, name="register"),
]
