"""The events part's URLs (see urls.py): diaries; adding, changing (this / this and following /
all), cancelling events; an event's page, its agenda and minutes."""

from django.urls import path

from . import views_events as views

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("deleted/", views.deleted, name="deleted"),
    path("<int:pk>/", views.diary, name="diary"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/add/", views.add, name="add"),
    path("events/<int:pk>/", views.event, name="event"),
    path("events/<int:pk>/change/", views.edit_event, name="edit_event"),
    path("events/<int:pk>/cancel/", views.cancel_event, name="cancel_event"),
    path("events/<int:pk>/notes/", views.notes, name="notes"),
]
