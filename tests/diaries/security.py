"""Diaries: what each persona gets from each URL of the tool (tests/security/tables.py says
what the names mean). Each part keeps its rows in its own module (security_<part>.py, the same
names); this one merges them and builds the objects."""

from . import security_calendar, security_events, security_invites
from .builders import make_diary, make_event

PARTS = (security_events, security_calendar, security_invites)


def _merged(name):
    merged = {}
    for part in PARTS:
        merged.update(getattr(part, name, {}))
    return merged


MATRIX = _merged("MATRIX")
PUBLIC_MATRIX = _merged("PUBLIC_MATRIX")
ARCHIVED = _merged("ARCHIVED")
POST_DATA = _merged("POST_DATA")
POST_MATRIX = _merged("POST_MATRIX")
EFFECTS = _merged("EFFECTS")
AUDITED_READS = set().union(*(getattr(part, "AUDITED_READS", set()) for part in PARTS))
URL_KWARGS = {"pk": lambda place: place.event.pk, **_merged("URL_KWARGS")}
NAME_KWARGS = {"diaries:diary": {"pk": lambda place: place.diary.pk}, **_merged("NAME_KWARGS")}
FEED_TOKENS = _merged("FEED_TOKENS")
OBJECT_PARAMS = set().union(*(getattr(part, "OBJECT_PARAMS", set()) for part in PARTS))


def build(place, personas):
    """A diary by the manager (seen by members, or by anyone in the public workspace; any
    contributor organises) with a one-off meeting and a weekly series by the manager; a deleted
    diary; then whatever each part adds (its build(place, personas, objects))."""
    from diaries.models import Diary

    manager = personas["manager"]
    access = "anyone" if place.key == "public" else "members"
    diary = make_diary(place.workspace, manager, title=f"Diary of {place.key}", view_access=access)
    event = make_event(diary, manager, title=f"Board meeting in {place.key}", location="Room 4")
    series = make_event(diary, manager, title=f"Weekly stand-up in {place.key}", rrule="FREQ=WEEKLY;COUNT=10")
    gone = make_diary(place.workspace, manager, title=f"Old diary of {place.key}", view_access=access)
    Diary.objects.filter(pk=gone.pk).update(is_deleted=True)
    objects = {"diary": diary, "event": event, "series": series, "deleted_diary": Diary.objects.get(pk=gone.pk)}
    for part in PARTS:
        if hasattr(part, "build"):
            objects.update(part.build(place, personas, objects) or {})
    return objects
