"""The invitations part's URLs (see urls.py): inviting, replying (RSVP, the waitlist), who is going."""

from django.urls import path

from . import views_invites as views

urlpatterns = [
    path("events/<int:pk>/invite/", views.invite, name="invite"),
    path("events/<int:pk>/reply/", views.rsvp, name="rsvp"),
    path("events/<int:pk>/going/", views.attendees, name="attendees"),
]
