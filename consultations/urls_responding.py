"""The responding part's URLs."""

from django.urls import path

from . import views_responding as views

urlpatterns = [
    path("<int:pk>/", views.consultation, name="consultation"),
]
