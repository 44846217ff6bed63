"""One way to show dates everywhere, in the reader's time zone (activated per request by
accounts.middleware.UserTimeZoneMiddleware; the site's TIME_ZONE in emails and tasks).

"7 Dec 2026, 14:05" for a moment, "7 Dec 2026" for a day: short month names keep table columns
narrow, the 24-hour clock needs no am/pm, and the day comes first as British English writes it.
Templates use the `when` and `day` filters ({% load engage %}); Python code these functions."""

import datetime

from django.utils import dateformat, timezone
from django.utils.dates import MONTHS_3

MOMENT_FORMAT = "j M Y, H:i"
DAY_FORMAT = "j M Y"


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_moment(value):
    """A datetime as "7 Dec 2026, 14:05"; a date alone as format_day does it; nothing as ""."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        # MOMENT_FORMAT spelled out: dateformat.format() costs ~50 µs, and a page shows dozens.
        local = _local(value)
        return f"{local.day} {MONTHS_3[local.month].title()} {local.year:04d}, {local.hour:02d}:{local.minute:02d}"
    return format_day(value)


def format_day(value):
    """A date (or a datetime's day, in the reader's zone) as "7 Dec 2026"; nothing as ""."""
    if not value:
        return ""
    return dateformat.format(_local(value), DAY_FORMAT)
