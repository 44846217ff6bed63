"""The events part's URLs (see urls.py)."""

from django.urls import path

from . import views_events as views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.diary, name="diary"),
    path("events/<int:pk>/", views.event, name="event"),
]
