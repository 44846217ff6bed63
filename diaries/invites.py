"""Invitations, replies (RSVP) and the waitlist: keyword-only services, one transaction each; the
caller checked the permission (diaries.policies: `change` to invite, `respond` to reply).

    result = invite(actor=..., event=event, users=[...], teams=[...])   Invited(added, already, unseen)
    rsvp, position = respond(user=..., event=event, answer="yes", occurrence="")   position: on the waitlist
    leave_waitlist(user=..., event=event)
    promote(event=event)               the first waiting people, while places are free (locked event row)
    promote_due()                      the beat task's: every event with free places and people waiting
    carry_invitations(source=..., target=...)   a "this and following" split: the new series' invitees

Places (one-off events with `capacity`): a "yes" takes a place while one is free, else it waits
(`waiting_since`), first come first served. Every change that may free a place (a "yes" turned
to no or maybe, leaving, capacity raised) promotes at once, in the same transaction, under the
lock of the event's row: two people can never take the last place twice. The promoted person is
emailed (diaries.mail) and told by a notification (diaries.place_offered, addressed to them)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from workspaces.kit.services import locked_row, record
from workspaces.permissions import visible_to_many

from . import mail
from .models import Answer, Event, EventStatus, Invitation, OccurrenceChange, Rsvp
from .recurrence import DATE_KEY_FORMAT, KEY_FORMAT, _starts

MAX_INVITED_AT_ONCE = 5000
CANCELLED = "This event is cancelled: nobody can be invited to it."
OCCURRENCE_CANCELLED = "This occurrence is cancelled."
NOT_AN_OCCURRENCE = "That is not a date of this event: reply for the whole series or choose one of its dates."
NOT_WAITING = "You are not on the waitlist."


@dataclass
class Invited:
    """What invite() did: `added` (users newly invited), `already` (invited before), `unseen`
    (members who cannot see the event's diary: not invited)."""

    added: list = field(default_factory=list)
    already: list = field(default_factory=list)
    unseen: list = field(default_factory=list)


def _members_of(workspace, teams):
    """{team: [users]}: each team's active members who are members of the workspace."""
    User = get_user_model()
    found = {}
    for team in teams:
        found[team] = list(User.objects.filter(groups=team.group_id, is_active=True,
                                               memberships__workspace=workspace).order_by("id"))
    return found


@transaction.atomic
def invite(*, actor, event, users=(), teams=()):
    """Invite members and the members of teams (expanded now; Invitation.team says through which)
    to `event`: only members who may see it, each once. The new invitees are sent the invitation
    (iTIP REQUEST with the event's UID and SEQUENCE) when the transaction commits."""
    current = locked_row(event, "diary__workspace", "workspace")
    if current.status == EventStatus.CANCELLED:
        raise ValidationError(CANCELLED)
    workspace = current.diary.workspace
    wanted = {}  # user id -> (user, team)
    for user in users:
        if user.is_active:
            wanted.setdefault(user.pk, (user, None))
    for team, members in _members_of(workspace, teams).items():
        for user in members:
            wanted.setdefault(user.pk, (user, team))
    if len(wanted) > MAX_INVITED_AT_ONCE:
        raise ValidationError(f"Invite at most {MAX_INVITED_AT_ONCE} people at once.")
    result = Invited()
    if not wanted:
        return result
    member_ids = set(workspace.memberships.filter(user_id__in=list(wanted)).values_list("user_id", flat=True))
    seers = {user_id for user_id, _ in visible_to_many(
        [user for user, _ in wanted.values() if user.pk in member_ids], Event.objects.filter(pk=current.pk))}
    invited = set(Invitation.objects.filter(event=current, user_id__in=list(wanted)).values_list("user_id",
                                                                                                  flat=True))
    rows = []
    for user_id, (user, team) in wanted.items():
        if user_id in invited:
            result.already.append(user)
        elif user_id not in seers:
            result.unseen.append(user)
        else:
            result.added.append(user)
            rows.append(Invitation(event=current, user=user, team=team, invited_by=actor))
    if rows:
        Invitation.objects.bulk_create(rows, ignore_conflicts=True)
        mail.queue_itip(current, [user.pk for user in result.added], method="REQUEST", what="invited")
        noun = "person" if len(rows) == 1 else "people"
        record(workspace=workspace, actor=actor, verb="diaries.event_changed", target=current,
               summary=f"invited {len(rows)} {noun}")
    return result


@transaction.atomic
def carry_invitations(*, source, target):
    """The invitees of `source` invited to `target` too (a series split "this and following": the
    new series has a new UID, so its invitees are sent its invitation)."""
    users = list(get_user_model().objects.filter(
        pk__in=Invitation.objects.filter(event=source).values("user_id"), is_active=True))
    return invite(actor=None, event=target, users=users)


def check_occurrence(event, key):
    """"" (the whole event) or a recurrence id of one of the series' dates, not cancelled."""
    key = (key or "").strip()
    if not key:
        return ""
    if not event.rrule or len(key) > 16:
        raise ValidationError({"occurrence": NOT_AN_OCCURRENCE})
    try:
        local = datetime.strptime(key, DATE_KEY_FORMAT if event.all_day else KEY_FORMAT)
    except ValueError:
        raise ValidationError({"occurrence": NOT_AN_OCCURRENCE}) from None
    if not _starts(event, after=local, before=local + timedelta(seconds=1)):
        raise ValidationError({"occurrence": NOT_AN_OCCURRENCE})
    if OccurrenceChange.objects.filter(event=event, recurrence_id=key, cancelled=True).exists():
        raise ValidationError({"occurrence": OCCURRENCE_CANCELLED})
    return key


def places_taken(event):
    return Rsvp.objects.filter(event=event, occurrence="", answer=Answer.YES, waiting_since__isnull=True).count()


def waiting_position(rsvp):
    """1 for the first waiting, and so on (None: not waiting)."""
    if rsvp is None or rsvp.waiting_since is None:
        return None
    ahead = Rsvp.objects.filter(event_id=rsvp.event_id, occurrence="", waiting_since__isnull=False).filter(
        Q(waiting_since__lt=rsvp.waiting_since) | Q(waiting_since=rsvp.waiting_since, pk__lt=rsvp.pk)).count()
    return ahead + 1


@transaction.atomic
def respond(*, user, event, answer, occurrence=""):
    """Reply yes / maybe / no to the event (occurrence "": the whole series, or a one-off; else
    one date of a series, which then wins over the series' reply). Returns (rsvp, position):
    the waitlist position when the "yes" waits for a place, else None."""
    if answer not in Answer.values:
        raise ValidationError({"answer": "Choose going, maybe or not going."})
    current = locked_row(event, "diary__workspace", "workspace")
    if current.status == EventStatus.CANCELLED:
        raise ValidationError(CANCELLED.split(":")[0] + ".")
    occurrence = check_occurrence(current, occurrence)
    rsvp = Rsvp.objects.filter(event=current, user=user, occurrence=occurrence).first()
    was_taking = rsvp is not None and rsvp.answer == Answer.YES and rsvp.waiting_since is None
    if rsvp is None:
        rsvp = Rsvp(event=current, user=user, occurrence=occurrence)
    rsvp.answer = answer
    limited = current.capacity is not None and not occurrence
    if answer == Answer.YES and limited and not was_taking:
        if rsvp.waiting_since is None:
            if places_taken(current) >= current.capacity or _someone_waits(current, rsvp):
                rsvp.waiting_since = timezone.now()
    elif answer != Answer.YES:
        rsvp.waiting_since = None
    rsvp.save()
    record(workspace=current.workspace, actor=user, verb="diaries.rsvp_given", target=current,
           summary=f"replied “{Answer(answer).label}”" + (" (waiting for a place)" if rsvp.waiting_since else ""))
    if limited and was_taking and answer != Answer.YES:
        promote_locked(current)
    return rsvp, waiting_position(rsvp)


def _someone_waits(event, rsvp):
    waiting = Rsvp.objects.filter(event=event, occurrence="", waiting_since__isnull=False)
    if rsvp.pk:
        waiting = waiting.exclude(pk=rsvp.pk)
    return waiting.exists()


@transaction.atomic
def leave_waitlist(*, user, event):
    """Leave the waitlist (the reply becomes "not going")."""
    current = locked_row(event, "diary__workspace", "workspace")
    rsvp = Rsvp.objects.filter(event=current, user=user, occurrence="", waiting_since__isnull=False).first()
    if rsvp is None:
        raise ValidationError(NOT_WAITING)
    rsvp.answer, rsvp.waiting_since = Answer.NO, None
    rsvp.save()
    record(workspace=current.workspace, actor=user, verb="diaries.rsvp_given", target=current,
           summary="left the waitlist")
    return rsvp


@transaction.atomic
def promote(*, event):
    """Promote the first waiting people while places are free; the promoted Rsvps."""
    return promote_locked(locked_row(event, "diary__workspace", "workspace"))


def promote_locked(current):
    """promote() for an event whose row the caller has locked in this transaction."""
    if current.status == EventStatus.CANCELLED:
        return []
    waiting = Rsvp.objects.filter(event=current, occurrence="", waiting_since__isnull=False).order_by(
        "waiting_since", "id").select_related("user")
    if current.capacity is None:
        chosen = list(waiting)
    else:
        free = current.capacity - places_taken(current)
        chosen = list(waiting[:free]) if free > 0 else []
    if not chosen:
        return []
    now = timezone.now()
    Rsvp.objects.filter(pk__in=[rsvp.pk for rsvp in chosen]).update(waiting_since=None, promoted_at=now)
    for rsvp in chosen:
        rsvp.waiting_since, rsvp.promoted_at = None, now
    mail.queue_place(current, chosen)
    record(workspace=current.workspace, actor=None, verb="diaries.place_offered", target=current,
           summary="offered a place from the waitlist", addressed=[rsvp.user_id for rsvp in chosen])
    return chosen


def promote_due(now=None):
    """Every event still to come with people waiting and a place free (its capacity raised or
    removed elsewhere): the first waiting promoted. How many people were promoted."""
    now = now or timezone.now()
    taken = Count("rsvps", filter=Q(rsvps__occurrence="", rsvps__answer=Answer.YES,
                                    rsvps__waiting_since__isnull=True))
    waits = Rsvp.objects.filter(event=OuterRef("pk"), occurrence="", waiting_since__isnull=False)
    due = (Event.objects.filter(Exists(waits), status=EventStatus.CONFIRMED, span_end__gt=now)
           .annotate(taken=taken).filter(Q(capacity__isnull=True) | Q(capacity__gt=F("taken")))
           .values_list("pk", flat=True))
    promoted = 0
    for pk in list(due[:500]):
        promoted += len(promote(event=Event(pk=pk)))
    return promoted

