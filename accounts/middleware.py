"""Dates and times in the reader's own time zone (their profile's), for the whole request."""

import zoneinfo

from django.conf import settings
from django.utils import timezone


class UserTimeZoneMiddleware:
    """Activates the signed-in person's time zone (User.time_zone); the site's TIME_ZONE otherwise.
    Templates then show every date through the `when` and `day` filters (workspaces' engage tags),
    which convert to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only a request with a session can have a signed-in person; without one (health checks,
        # feeds, first visits) the user is not loaded just to find there is none.
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        name = getattr(request.user, "time_zone", "") if signed_in and hasattr(request, "user") else ""
        try:
            zone = zoneinfo.ZoneInfo(name) if name else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = None  # a zone removed from the system's database since it was chosen
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
