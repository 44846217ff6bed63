"""The authoring part's URLs."""

from django.urls import path

from . import views_authoring as views

urlpatterns = [
    path("", views.index, name="index"),
]
