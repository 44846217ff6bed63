"""Edits and cancellations of events, one occurrence, this and following, or all of a series
(RFC 5545's RECURRENCE-ID and series splitting), each one transaction that ends by telling the
invitees (diaries.itip.event_changed) when their calendars must hear of it.

    occurrence_at(event, key)                      the Occurrence whose recurrence id is `key`, or None
    change_all(actor=..., event=..., base_version=..., **fields)            the whole series (or one-off)
    change_occurrence(actor=..., event=..., key=..., starts_at=..., ...)    "this occurrence"
    split_following(actor=..., event=..., key=..., base_version=..., **fields)   "this and following"
    cancel(actor=..., event=..., scope="all"|"this"|"following", key=...)

"This and following" on occurrence k ends the old series just before it and starts a new event
(`split_from` the old one, a new UID, SEQUENCE 0) from that occurrence with the new values. A
rule with COUNT keeps its total: the old one's COUNT becomes k-1 and the new one's (if the form
kept the count it was shown) the rest, so "occurrence 6 of COUNT=10" makes 5 + 5. A rule with
UNTIL ends the old series a second before the occurrence. When the new series starts on another
weekday but keeps the old BYDAY of that one day, BYDAY follows the new weekday (nextcloud
calendar #8957). Changes of occurrences after the split go to the new series."""

from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from workspaces.kit.services import ChangedMeanwhile, locked_row, record
from workspaces.lib.forms import one_line

from . import invites, itip, services
from .models import Event, OccurrenceChange
from .recurrence import DATE_KEY_FORMAT, KEY_FORMAT, _make, _starts, local_start, occurrences, rule_parts
from .repeat import weekday_code

THIS, FOLLOWING, ALL = "this", "following", "all"
SCOPES = (THIS, FOLLOWING, ALL)
NOT_AN_OCCURRENCE = "This event has no occurrence at that time any more. Choose one from the event's page."


def parse_key(event, key):
    """The naive local start a recurrence id names, or None when it cannot be read."""
    try:
        return datetime.strptime(key or "", DATE_KEY_FORMAT if event.all_day else KEY_FORMAT)
    except ValueError:
        return None


def _index_of(event, local):
    """1-based position of the occurrence starting at `local` in the series, or None."""
    starts = _starts(event, before=local + timedelta(seconds=1))
    if not starts or starts[-1] != local:
        return None
    return len(starts)


def occurrence_at(event, key, changes=None):
    """The occurrence whose recurrence id is `key` (its change applied), or None."""
    local = parse_key(event, key)
    if not event.rrule or local is None or local < local_start(event):
        return None
    if not _starts(event, after=local, before=local + timedelta(seconds=1)):
        return None
    if event.all_day:
        start = datetime.combine(local.date(), datetime.min.time(), tzinfo=UTC) - timedelta(days=1)
        end = start + timedelta(days=3)
    else:
        start = local.replace(tzinfo=event.zone).astimezone(UTC)
        end = start + timedelta(seconds=1)
    if changes is None:
        changes = {change.recurrence_id: change for change in event.changes.all()}
    change = changes.get(key)
    if change is not None and (change.starts_at or change.start_date):  # moved: find it by its key
        return _make(event, local, change)
    for occurrence in occurrences(event, start, end, changes=changes, viewer_zone=UTC):
        if occurrence.key == key:
            return occurrence
    return None


def _told(event, *, actor, cancelled=False, occurrence=None):
    itip.event_changed(event, actor=actor, cancelled=cancelled, occurrence=occurrence)


@transaction.atomic
def change_all(*, actor, event, base_version=None, **fields):
    """The whole event (every occurrence of a series): services.event_update, then the invitees
    told when it matters (SEQUENCE rose)."""
    current = locked_row(event, "diary", "workspace")
    if current.rrule and fields.get("rrule"):
        fields["rrule"] = _byday_follows(current, fields, local_start(current).date())
    saved, significant = services.event_update(actor=actor, event=current, base_version=base_version, **fields)
    if significant:
        _told(saved, actor=actor)
    return saved, significant


@transaction.atomic
def change_occurrence(*, actor, event, key, base_sequence=None, title="", location="", starts_at=None,
                      ends_at=None, start_date=None, end_date=None):
    """"This occurrence": an OccurrenceChange (moved, retitled, placed elsewhere) with a SEQUENCE
    above the series', the event saved again (its span covers the moved occurrence)."""
    current = locked_row(event, "diary", "workspace")
    if occurrence_at(current, key) is None:
        raise ValidationError(NOT_AN_OCCURRENCE)
    errors = {}
    title, location = one_line(title), one_line(location)
    if current.all_day:
        starts_at = ends_at = None
        if start_date is None:
            errors["start_date"] = "Give the first day."
        end_date = end_date or start_date
        if start_date and end_date < start_date:
            errors["end_date"] = "The last day cannot be before the first."
    else:
        start_date = end_date = None
        if starts_at is None:
            errors["starts_at"] = "Give the start date and time."
        if ends_at is None:
            errors["ends_at"] = "Give the end date and time."
        if starts_at and ends_at and ends_at <= starts_at:
            errors["ends_at"] = "The end must be after the start."
    if errors:
        raise ValidationError(errors)
    change, _ = OccurrenceChange.objects.select_for_update().get_or_create(event=current, recurrence_id=key)
    if base_sequence is not None and change.sequence > base_sequence:
        raise ChangedMeanwhile(current, {"sequence": change.sequence})
    original = occurrence_at(current, key, changes={})
    # Blank fields keep the series' value: only what differs is kept on the change.
    change.title = "" if title == current.title else title
    change.location = "" if location == current.location else location
    if current.all_day:
        moved = (start_date, end_date) != (original.start_date, original.end_date)
        change.start_date, change.end_date = (start_date, end_date) if moved else (None, None)
    else:
        moved = (starts_at, ends_at) != (original.starts_at, original.ends_at)
        change.starts_at, change.ends_at = (starts_at, ends_at) if moved else (None, None)
    change.cancelled = False
    change.sequence = max(change.sequence, current.sequence) + 1
    change.save()
    current.updated_by = actor
    current.version += 1
    current.save()  # its span: a moved occurrence may lie outside the rule's
    record(workspace=current.workspace, actor=actor, verb="diaries.event_changed", target=current,
           summary="changed one occurrence of the event")
    _told(current, actor=actor, occurrence=key)
    return change


def _new_first_day(old, fields):
    """The new first occurrence's day in its zone (fields as the form gave them), or None."""
    all_day = fields.get("all_day", old.all_day)
    if all_day:
        return fields.get("start_date")
    starts_at = fields.get("starts_at")
    if starts_at is None:
        return None
    from .recurrence import zone_named

    return starts_at.astimezone(zone_named(fields.get("time_zone") or old.time_zone)).date()


def _byday_follows(old, fields, old_day):
    """The new rule, with BYDAY moved to the new first weekday when it still names only the old
    occurrence's weekday (`old_day`): the series was moved to another day of the week, its
    rule not rewritten by hand (nextcloud calendar #8957)."""
    rule = fields["rrule"]
    parts = rule_parts(rule)
    new_day = _new_first_day(old, fields)
    if parts.get("FREQ") != "WEEKLY" or "BYDAY" not in parts or new_day is None:
        return rule
    old_day_code, new_day_code = weekday_code(old_day), weekday_code(new_day)
    if parts["BYDAY"] == rule_parts(old.rrule).get("BYDAY") == old_day_code and new_day_code != old_day_code:
        parts["BYDAY"] = new_day_code
        return ";".join(f"{name}={value}" for name, value in parts.items())
    return rule


def _ended_before(event, local, k):
    """The old series' rule, ended just before its occurrence k (starting at `local`)."""
    parts = rule_parts(event.rrule)
    if "COUNT" in parts:
        parts["COUNT"] = str(k - 1)
    else:
        parts.pop("UNTIL", None)
        before = local.replace(tzinfo=event.zone).astimezone(UTC) - timedelta(seconds=1) if not event.all_day \
            else datetime.combine(local.date() - timedelta(days=1), datetime.max.time().replace(microsecond=0),
                                  tzinfo=event.zone).astimezone(UTC)
        parts["UNTIL"] = before.strftime("%Y%m%dT%H%M%SZ")
    return ";".join(f"{k_}={v}" for k_, v in parts.items())


def remaining_count(event, key):
    """For the "this and following" form: how many occurrences are left from `key` on, when
    the rule has a COUNT (None otherwise)."""
    parts = rule_parts(event.rrule)
    local = parse_key(event, key)
    if "COUNT" not in parts or local is None:
        return None
    k = _index_of(event, local)
    return None if k is None else int(parts["COUNT"]) - (k - 1)


@transaction.atomic
def split_following(*, actor, event, key, base_version=None, **fields):
    """"This and following" from occurrence `key`: the old series ends before it, a new event
    starts there with `fields` (the whole form: times of the new first occurrence, rule, ...).
    Occurrence 1: the whole series changes instead (change_all)."""
    current = locked_row(event, "diary", "workspace")
    if base_version is not None and current.version != base_version:
        raise ChangedMeanwhile(current, {"version": current.version})
    local = parse_key(current, key)
    k = _index_of(current, local) if local is not None and current.rrule else None
    if k is None:
        raise ValidationError(NOT_AN_OCCURRENCE)
    if k == 1:
        return change_all(actor=actor, event=current, **fields)[0]
    unknown = set(fields) - set(services.EDITABLE)
    if unknown:
        raise TypeError(f"not event fields: {sorted(unknown)}")
    values = {name: getattr(current, name) for name in services.EDITABLE}
    values.update(fields)
    if values.get("rrule"):
        values["rrule"] = _byday_follows(current, {**fields, "rrule": values["rrule"]}, local.date())
    title = values.pop("title")
    new = Event(workspace_id=current.workspace_id, diary=current.diary, created_by=current.created_by,
                updated_by=actor, title=title, split_from=current, **values)
    services.check_event(new)  # refusals by field, before anything is written
    new.save()
    # Later occurrences' changes belong to the new series now.
    OccurrenceChange.objects.filter(event=current, recurrence_id__gte=key).update(event=new)
    old, _ = services.event_update(actor=actor, event=current, rrule=_ended_before(current, local, k))
    new.save()  # its span, with the changes it took over
    record(workspace=current.workspace, actor=actor, verb="diaries.event_added", target=new,
           summary="changed this and the following occurrences of the event")
    _told(old, actor=actor)
    _told(new, actor=actor)
    invites.carry_invitations(source=current, target=new)  # a new UID: its invitees get its invitation
    return new


@transaction.atomic
def cancel(*, actor, event, scope=ALL, key=None):
    """Cancel the whole event, one occurrence, or this and the following ones (the series then
    ends before it; from the first occurrence on, the whole event is cancelled)."""
    current = locked_row(event, "diary", "workspace")
    if scope == ALL or not current.rrule:
        cancelled = services.event_cancel(actor=actor, event=current)
        if cancelled.sequence != current.sequence:
            _told(cancelled, actor=actor, cancelled=True)
        return cancelled
    local = parse_key(current, key)
    k = _index_of(current, local) if local is not None else None
    if k is None or occurrence_at(current, key) is None:
        raise ValidationError(NOT_AN_OCCURRENCE)
    if scope == THIS:
        change, _ = OccurrenceChange.objects.select_for_update().get_or_create(event=current, recurrence_id=key)
        change.cancelled = True
        change.sequence = max(change.sequence, current.sequence) + 1
        change.save()
        current.updated_by = actor
        current.version += 1
        current.save()
        record(workspace=current.workspace, actor=actor, verb="diaries.event_cancelled", target=current,
               summary="cancelled one occurrence of the event")
        _told(current, actor=actor, cancelled=True, occurrence=key)
        return current
    if k == 1:
        return cancel(actor=actor, event=current, scope=ALL)
    OccurrenceChange.objects.filter(event=current, recurrence_id__gte=key).delete()
    ended, _ = services.event_update(actor=actor, event=current, rrule=_ended_before(current, local, k))
    record(workspace=current.workspace, actor=actor, verb="diaries.event_cancelled", target=ended,
           summary="cancelled this and the following occurrences of the event")
    _told(ended, actor=actor)
    return ended
