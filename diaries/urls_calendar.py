"""The calendar part's URLs (see urls.py): month, week and list views; an event's and a diary's
.ics; the page of one's private calendar address (the feed itself is personal: urls_calendar_personal)."""

from django.urls import path

from . import views_calendar as views

urlpatterns = [
    path("calendar/", views.month_now, name="calendar"),
    path("month/<int:year>/<int:month>/", views.month, name="month"),
    path("week/<int:year>/<int:week>/", views.week, name="week"),
    path("list/", views.occurrence_list, name="list"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("<int:pk>/diary.ics", views.diary_ics, name="diary_ics"),
    path("calendar-address/", views.feed, name="feed"),
]
