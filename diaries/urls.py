"""The diaries' URLs, one module per part (each part's views are its own module)."""

from . import urls_calendar, urls_events, urls_invites

app_name = "diaries"

urlpatterns = [
    *urls_calendar.urlpatterns,  # month, week and list views; an event's .ics; the private calendar feed
    *urls_invites.urlpatterns,  # inviting members and teams, RSVP, the waitlist, who is going
    *urls_events.urlpatterns,  # diaries; adding, editing (this / this and following / all), cancelling; an event's page
]
