"""The consultation-period check (periods.problems): the minimum length and the holidays."""

from datetime import datetime
from zoneinfo import ZoneInfo

from consultations import periods

LONDON = ZoneInfo("Europe/London")


def at(*args):
    return datetime(*args, tzinfo=LONDON)


def test_a_twelve_week_spring_period_needs_no_reason():
    assert periods.problems(at(2027, 3, 1, 9), at(2027, 5, 24, 17)) == []


def test_four_weeks_over_christmas_is_short_and_takes_in_the_holiday():
    found = periods.problems(at(2026, 12, 10, 9), at(2027, 1, 7, 17))
    assert found[0] == "The period is 4 weeks, shorter than the 6 weeks expected."
    assert "Christmas and New Year" in found[1]


def test_a_period_that_only_touches_august_is_flagged():
    found = periods.problems(at(2027, 6, 1, 9), at(2027, 8, 1, 12))
    assert found == ["The period takes in August, when many people are away."]


def test_weeks_and_days_are_said():
    assert periods.problems(at(2027, 3, 1), at(2027, 3, 11))[0].startswith("The period is 1 week and 3 days")


def test_no_dates_or_a_backwards_period_has_nothing_to_say():
    assert periods.problems(None, at(2027, 3, 1)) == []
    assert periods.problems(at(2027, 3, 1), at(2027, 2, 1)) == []


def test_the_thresholds_are_settings(settings):
    settings.ENGAGE_CONSULTATION_MIN_WEEKS = 12
    settings.ENGAGE_CONSULTATION_HOLIDAYS = "04-01:04-14"
    found = periods.problems(at(2027, 3, 1), at(2027, 4, 26))
    assert "shorter than the 12 weeks expected" in found[0]
    assert "the holiday from 1 April to 14 April" in found[1]


def test_a_leap_day_in_a_holiday_setting_does_not_break_other_years(settings):
    settings.ENGAGE_CONSULTATION_HOLIDAYS = "02-20:02-29"
    assert periods.problems(at(2027, 2, 1), at(2027, 4, 1))  # 2027 has no 29 February
