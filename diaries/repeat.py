"""The repeat form's choices and RRULE text, both ways, and the rule in words.

    rule_from(repeat="weekly", interval=1, weekdays=["MO"], ends="count", count=10, until=None)
        -> "FREQ=WEEKLY;BYDAY=MO;COUNT=10"   ("" for "never"; UNTIL as a date: recurrence.check_rule
           makes it the end of that day in the event's zone, kept in UTC)
    choices_from("FREQ=WEEKLY;BYDAY=MO;COUNT=10") -> {"repeat": "weekly", "weekdays": ["MO"], ...}
    describe(event) -> "Repeats weekly on Monday, 10 times"

The form offers what most calendars offer (never / daily / weekly on chosen weekdays / monthly /
yearly, every N, ending never / after N times / on a date); the services check the rule again
(recurrence.check_rule), whatever was posted."""

from datetime import UTC, datetime

from django.utils.text import get_text_list

from workspaces.lib.dates import format_day

from .recurrence import rule_parts

NEVER, DAILY, WEEKLY, MONTHLY, YEARLY = "", "daily", "weekly", "monthly", "yearly"
REPEAT_CHOICES = [(NEVER, "Does not repeat"), (DAILY, "Daily"), (WEEKLY, "Weekly"), (MONTHLY, "Monthly"),
                  (YEARLY, "Yearly")]
WEEKDAYS = [("MO", "Monday"), ("TU", "Tuesday"), ("WE", "Wednesday"), ("TH", "Thursday"), ("FR", "Friday"),
            ("SA", "Saturday"), ("SU", "Sunday")]
WEEKDAY_CODES = [code for code, _ in WEEKDAYS]
ENDS_NEVER, ENDS_COUNT, ENDS_UNTIL = "never", "count", "until"
ENDS_CHOICES = [(ENDS_NEVER, "Never"), (ENDS_COUNT, "After a number of times"), (ENDS_UNTIL, "On a date")]
UNITS = {DAILY: ("day", "days"), WEEKLY: ("week", "weeks"), MONTHLY: ("month", "months"), YEARLY: ("year", "years")}


def weekday_code(day):
    """"MO" for a Monday (a date or datetime)."""
    return WEEKDAY_CODES[day.weekday()]


def rule_from(*, repeat, interval=1, weekdays=(), ends=ENDS_NEVER, count=None, until=None):
    """The RRULE text for the form's choices ("" when it does not repeat)."""
    if not repeat:
        return ""
    parts = [f"FREQ={repeat.upper()}"]
    if interval and interval > 1:
        parts.append(f"INTERVAL={interval}")
    if repeat == WEEKLY and weekdays:
        chosen = set(weekdays)
        parts.append("BYDAY=" + ",".join(code for code in WEEKDAY_CODES if code in chosen))
    if ends == ENDS_COUNT and count:
        parts.append(f"COUNT={count}")
    elif ends == ENDS_UNTIL and until:
        parts.append(f"UNTIL={until:%Y%m%d}")
    return ";".join(parts)


def _until_date(value, zone):
    if value.endswith("Z"):
        moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return moment.astimezone(zone).date() if zone else moment.date()
    return datetime.strptime(value[:8], "%Y%m%d").date()


def choices_from(text, zone=None):
    """The form's initial values for a rule (unknown parts are dropped: the form shows what it
    can say; the rules the form writes always read back whole)."""
    if not text:
        return {"repeat": NEVER, "interval": 1, "weekdays": [], "ends": ENDS_NEVER, "count": None, "until": None}
    parts = rule_parts(text)
    repeat = parts.get("FREQ", "").lower()
    found = {"repeat": repeat if repeat in UNITS else NEVER, "interval": 1, "weekdays": [], "ends": ENDS_NEVER,
             "count": None, "until": None}
    if parts.get("INTERVAL", "").isdigit():
        found["interval"] = int(parts["INTERVAL"])
    if "BYDAY" in parts:
        found["weekdays"] = [code for code in parts["BYDAY"].split(",") if code in WEEKDAY_CODES]
    if parts.get("COUNT", "").isdigit():
        found.update(ends=ENDS_COUNT, count=int(parts["COUNT"]))
    elif "UNTIL" in parts:
        try:
            found.update(ends=ENDS_UNTIL, until=_until_date(parts["UNTIL"], zone))
        except ValueError:
            pass
    return found


def describe(event):
    """The event's rule in words: "Repeats weekly on Monday, 10 times" ("" for a one-off)."""
    if not event.rrule:
        return ""
    try:
        parts = rule_parts(event.rrule)
    except Exception:  # noqa: BLE001 - a rule the services kept is readable; never fail a page on it
        return "Repeats"
    repeat = parts.get("FREQ", "").lower()
    if repeat not in UNITS:
        return "Repeats"
    interval = int(parts["INTERVAL"]) if parts.get("INTERVAL", "").isdigit() else 1
    many = UNITS[repeat][1]
    words = f"Repeats {repeat}" if interval == 1 else f"Repeats every {interval} {many}"
    if repeat == WEEKLY and "BYDAY" in parts:
        names = dict(WEEKDAYS)
        days = [names[code] for code in parts["BYDAY"].split(",") if code in names]
        if days:
            words += " on " + get_text_list(days, "and")
    if parts.get("COUNT", "").isdigit():
        count = int(parts["COUNT"])
        words += ", once" if count == 1 else f", {count} times"
    elif "UNTIL" in parts:
        try:
            words += ", until " + format_day(_until_date(parts["UNTIL"], event.zone))
        except ValueError:
            pass
    return words
