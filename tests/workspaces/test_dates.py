"""lib.dates: format_moment spells MOMENT_FORMAT out by hand (speed): the same text as
Django's dateformat gives, in the reader's time zone."""

import datetime
import zoneinfo

from django.utils import dateformat, timezone

from workspaces.lib.dates import MOMENT_FORMAT, format_moment


def test_format_moment_is_dateformat_s_answer():
    with timezone.override(zoneinfo.ZoneInfo("Europe/London")):
        for month in range(1, 13):
            for moment in (datetime.datetime(2026, month, 1, 0, 5, tzinfo=datetime.UTC),
                           datetime.datetime(987, month, 28, 23, 59, tzinfo=datetime.UTC),
                           datetime.datetime(2026, month, 15, 9, 0)):  # naive: shown as it is
                expected = dateformat.format(timezone.localtime(moment) if timezone.is_aware(moment) else moment,
                                             MOMENT_FORMAT)
                assert format_moment(moment) == expected
    assert format_moment(datetime.datetime(2026, 12, 7, 14, 5, tzinfo=datetime.UTC)) == "7 Dec 2026, 14:05"
