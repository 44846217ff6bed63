"""The polls' managing part's URLs (see urls.py)."""

from django.urls import path

from . import views_managing

urlpatterns = [
    path("", views_managing.index, name="index"),
]
