"""Changes to diaries and events: keyword-only, one transaction each; the caller checked the
permission (diaries.policies).

    diary = diary_create(actor=..., workspace=..., title="Programme board")
    event = event_create(actor=..., diary=diary, title=..., time_zone="Europe/London",
                         starts_at=<aware>, ends_at=<aware>, rrule="FREQ=WEEKLY;COUNT=10")
    event = event_create(actor=..., diary=diary, title=..., all_day=True, start_date=d, end_date=d)
    event, changed = event_update(actor=..., event=event, base_version=..., starts_at=..., ends_at=...)
        # `changed`: whether invitees must be told (time, place, rule, status): SEQUENCE went up
    event = event_cancel(actor=..., event=event)

Times are checked here, whatever the form did: an end after the start, a last day not before the
first, a rule that can be read and is bounded (recurrence.check_rule), a known time zone;
capacity only on a one-off event. Refusals are ValidationErrors by field name."""

from django.core.exceptions import ValidationError
from django.db import transaction

from workspaces.kit.services import ChangedMeanwhile, item_added, locked_row, record
from workspaces.lib.forms import one_line

from .models import MAX_TEXT_LENGTH, Diary, Event, EventStatus
from .recurrence import check_rule, local_start, zone_named

# Changes that invitees' calendars must hear of (SEQUENCE up, an iTIP REQUEST sent).
SIGNIFICANT = ("starts_at", "ends_at", "start_date", "end_date", "all_day", "time_zone", "rrule", "location",
               "online_url", "title", "status")
EDITABLE = ("title", "description", "agenda", "minutes", "location", "online_url", "all_day", "time_zone", "starts_at",
            "ends_at", "start_date", "end_date", "rrule", "capacity", "show_attendees")


@transaction.atomic
def diary_create(*, actor, workspace, title, description="", organisers=Diary.Organisers.CONTRIBUTORS,
                 view_access="members", change_access="managers", view_teams=(), change_teams=()):
    diary = Diary.objects.create(workspace=workspace, created_by=actor, updated_by=actor, title=one_line(title),
                                 description=one_line(description), organisers=organisers, view_access=view_access,
                                 change_access=change_access)
    item_added(diary, actor=actor, verb="diaries.diary_created", summary="started the diary", view_teams=view_teams,
               change_teams=change_teams)
    return diary


def check_event(event):
    """Raise ValidationError (by field) unless the event's times, rule and places are sound;
    normalises the rule and the texts in place."""
    errors = {}
    event.title = one_line(event.title or "")
    if not event.title:
        errors["title"] = "Give the event a title."
    for name in ("description", "agenda", "minutes"):
        if len(getattr(event, name) or "") > MAX_TEXT_LENGTH:
            errors[name] = f"At most {MAX_TEXT_LENGTH} characters."
    event.location = one_line(event.location or "")
    if event.online_url and not event.online_url.lower().startswith("https://"):
        errors["online_url"] = "Give the meeting link as an https:// address."
    try:
        zone_named(event.time_zone)
    except ValidationError as error:
        errors.update(error.message_dict)
    if event.all_day:
        event.starts_at = event.ends_at = None
        if event.start_date is None:
            errors["start_date"] = "Give the first day."
        if event.end_date is None:
            event.end_date = event.start_date
        if event.start_date and event.end_date and event.end_date < event.start_date:
            errors["end_date"] = "The last day cannot be before the first."
    else:
        event.start_date = event.end_date = None
        if event.starts_at is None:
            errors["starts_at"] = "Give the start date and time."
        if event.ends_at is None:
            errors["ends_at"] = "Give the end date and time."
        if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
            errors["ends_at"] = "The end must be after the start."
    if event.capacity is not None and event.rrule:
        errors["capacity"] = "Places can be limited on a one-off event only."
    if event.capacity is not None and event.capacity < 1:
        errors["capacity"] = "Give at least 1 place, or leave it empty for no limit."
    if errors:
        raise ValidationError(errors)
    if event.rrule:
        event.rrule = check_rule(event.rrule, local_start(event), event.zone)


@transaction.atomic
def event_create(*, actor, diary, title, **fields):
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not event fields: {sorted(unknown)}")
    event = Event(workspace_id=diary.workspace_id, diary=diary, created_by=actor, updated_by=actor, title=title,
                  **fields)
    check_event(event)
    event.save()
    record(workspace=diary.workspace, actor=actor, verb="diaries.event_added", target=event,
           summary="added an event")
    return event


@transaction.atomic
def event_update(*, actor, event, base_version=None, **fields):
    """Change an event (the whole series). Returns (event, significant): whether the change is
    one invitees' calendars must hear of (then SEQUENCE rose by one)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not event fields: {sorted(unknown)}")
    current = locked_row(event, "diary", "workspace")
    if base_version is not None and current.version != base_version:
        raise ChangedMeanwhile(current, {"version": current.version})
    before = {name: getattr(current, name) for name in SIGNIFICANT}
    for name, value in fields.items():
        setattr(current, name, value)
    check_event(current)
    significant = any(getattr(current, name) != before[name] for name in SIGNIFICANT)
    if significant:
        current.sequence += 1
    current.version += 1
    current.updated_by = actor
    current.save()
    record(workspace=current.workspace, actor=actor, verb="diaries.event_changed", target=current,
           summary="changed the event")
    return current, significant


@transaction.atomic
def event_cancel(*, actor, event):
    """Cancel the whole event (kept, marked cancelled: calendars need its UID to remove it)."""
    current = locked_row(event, "diary", "workspace")
    if current.status == EventStatus.CANCELLED:
        return current
    current.status = EventStatus.CANCELLED
    current.sequence += 1
    current.version += 1
    current.updated_by = actor
    current.save()
    record(workspace=current.workspace, actor=actor, verb="diaries.event_cancelled", target=current,
           summary="cancelled the event")
    return current
