"""How a survey reaches people: invitations (a personal link each, never twice, only to those
who may see the survey) and reminders (the core's scheduled reminders, personalised at sending
time: who is still due, and which text), and what the response-rate panel reads.

Invitations are written CHUNK people at a time, each chunk in its own transaction (its
Participation rows and its outbox rows together), so 200,000 people cost 200 rounds of a few
queries each, and a chunk could as well be a Celery task of its own (invite_chunk)."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.mail import OutboundEmail, queue
from workspaces.kit.models import Team
from workspaces.kit.services import locked_row, record, reminders
from workspaces.permissions import members_who_may_see

from .models import DailyCount, Participation, ReminderRun, Survey

CHUNK = 1000
MAX_REMINDERS = 3  # per person and survey
DEFAULT_DAYS = (3, 7)  # after opening; and the day before it closes
INVITATION_KIND = "surveys.invitation"
INVITATION_SALT = "surveys.invitation"
PERSONALISE = "surveys.distribution.personalise_reminder"

EVERYONE, TEAMS, PEOPLE = "everyone", "teams", "people"

ALL_REMINDED = "Everyone who has not finished has had 3 reminders: the most anyone gets."
IN_THE_PAST = "Choose a time in the future."
AFTER_CLOSING = "The survey closes on {closes}: a reminder after that would reach nobody."
NOT_LIVE = "Open the survey before inviting people or scheduling reminders."
NOT_FOUND = "That reminder has already gone out or been cancelled."


# --- Invitations ----------------------------------------------------------------------------------


@dataclass
class Invited:
    invited: int = 0
    already: int = 0
    left_out: int = 0  # named or in a chosen team, but may not see the survey

    def __str__(self):
        text = f"{self.invited} invited, {self.already} already invited."
        if self.left_out:
            text += f" {self.left_out} cannot see the survey and were left out."
        return text


def token_hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def invitation_token():
    """(token for the link, hash to keep): a random secret, signed for this one purpose."""
    secret = secrets.token_urlsafe(18)
    return signing.Signer(salt=INVITATION_SALT).sign(secret), token_hash(secret)


def invitation_of(survey, token):
    """The Participation a personal link was made for, or None (forged, or not this survey's)."""
    try:
        secret = signing.Signer(salt=INVITATION_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Participation.objects.filter(survey=survey, invitation_hash=token_hash(secret)).first()


def candidates(survey, *, audience, teams=(), people=()):
    """The user ids an invitation is meant for, before the permission layer has its say."""
    members = survey.workspace.memberships.all()
    if audience == TEAMS:
        members = members.filter(user__groups__team__in=[t.pk for t in teams]).distinct()
    elif audience == PEOPLE:
        members = members.filter(user_id__in=[p.pk for p in people])
    return list(members.order_by("user_id").values_list("user_id", flat=True))


def invite(*, actor, survey, audience=EVERYONE, teams=(), people=()):
    """Invite everyone who may respond, the chosen teams' members or the named members; each
    once, and only those who may see the survey. Returns Invited (its str is the message)."""
    if not survey.is_live or survey.is_deleted:
        raise ValidationError(NOT_LIVE)
    user_ids = candidates(survey, audience=audience, teams=teams, people=people)
    result = Invited()
    for start in range(0, len(user_ids), CHUNK):
        chunk = invite_chunk(survey_id=survey.pk, user_ids=user_ids[start:start + CHUNK])
        result.invited += chunk.invited
        result.already += chunk.already
        result.left_out += chunk.left_out
    with transaction.atomic():
        if result.invited:
            record(workspace=survey.workspace, actor=actor, verb="surveys.invitations_sent", target=survey,
                   summary=f"invited {result.invited} people to the survey")
        if not reminders.scheduled(reminder_prefix(survey)).exists() and not survey.reminder_runs.exists():
            schedule_defaults(survey)
    return result


@transaction.atomic
def invite_chunk(*, survey_id, user_ids):
    """One chunk of an invitation: Participation rows (new, or stamped) and the outbox rows,
    in one transaction. The survey's row is locked first, so two runs at once take turns and
    nobody is invited twice."""
    survey = locked_row(Survey(pk=survey_id), "workspace")
    may = members_who_may_see(user_ids, survey.workspace, survey)
    result = Invited(left_out=len(set(user_ids) - may))
    existing = {p.user_id: p for p in Participation.objects.filter(survey=survey, user_id__in=may)}
    result.already = sum(1 for p in existing.values() if p.invited_at)
    now = timezone.now()
    new, stamped, mails = [], [], []
    for user_id in sorted(may):
        participation = existing.get(user_id)
        if participation is not None and participation.invited_at:
            continue
        token, hashed = invitation_token()
        if participation is None:
            new.append(Participation(survey=survey, user_id=user_id, invited_at=now, invitation_hash=hashed))
        else:
            participation.invited_at, participation.invitation_hash = now, hashed
            stamped.append(participation)
        mails.append(OutboundEmail(
            idempotency_key=f"{INVITATION_KIND}:{survey.pk}:{user_id}", kind=INVITATION_KIND, recipient_id=user_id,
            subject=f"You are invited to answer “{survey.title}”"[:200],
            payload={"title": survey.title, "workspace_name": survey.workspace.name,
                     "window": survey.window_phrase(now), "url": invited_path(survey, token)},
        ))
    Participation.objects.bulk_create(new, batch_size=CHUNK)
    Participation.objects.bulk_update(stamped, ["invited_at", "invitation_hash"], batch_size=CHUNK)
    queue(mails)
    result.invited = len(mails)
    return result


def invited_path(survey, token):
    return reverse("surveys:invited", kwargs={"workspace": survey.workspace.slug, "pk": survey.pk, "token": token})


# --- Reminders ------------------------------------------------------------------------------------


def reminder_prefix(survey):
    return f"surveys.reminder:{survey.pk}:"


def opened_at(survey):
    if survey.opens_at:
        return survey.opens_at
    return survey.live_version.published_at if survey.live_version_id else None


def default_times(survey, now=None):
    """Days 3 and 7 after opening and the day before closing: those still to come."""
    now = now or timezone.now()
    opened = opened_at(survey)
    times = [opened + timedelta(days=d) for d in DEFAULT_DAYS] if opened else []
    if survey.closes_at:
        times = [t for t in times if t < survey.closes_at - timedelta(days=1)]
        times.append(survey.closes_at - timedelta(days=1))
    return sorted(t for t in times if t > now)


def schedule_defaults(survey):
    for due_at in default_times(survey):
        _schedule(survey, due_at)


def still_due(survey):
    """Whom a reminder of `survey` is for: invited or started, not finished."""
    return Participation.objects.filter(survey=survey, completed_at__isnull=True).filter(
        Q(invited_at__isnull=False) | Q(started_at__isnull=False))


def check_reminder_time(survey, due_at, now=None):
    now = now or timezone.now()
    if due_at <= now:
        raise ValidationError({"due_at": IN_THE_PAST})
    if survey.closes_at and due_at >= survey.closes_at:
        closes = timezone.localtime(survey.closes_at).strftime("%-d %B %Y, %H:%M")
        raise ValidationError({"due_at": AFTER_CLOSING.format(closes=closes)})


@transaction.atomic
def reminder_add(*, actor, survey, due_at):
    """Schedule one more reminder; refused when everyone it would be for has had the most."""
    current = locked_row(survey, "workspace", "live_version")
    if not current.is_live or current.is_deleted:
        raise ValidationError(NOT_LIVE)
    check_reminder_time(current, due_at)
    due = still_due(current)
    if due.exists() and not due.filter(reminders_sent__lt=MAX_REMINDERS).exists():
        raise ValidationError({"due_at": ALL_REMINDED})
    return _schedule(current, due_at)


@transaction.atomic
def reminder_move(*, actor, survey, key, due_at):
    current = locked_row(survey, "workspace")
    reminder = _pending(current, key)
    check_reminder_time(current, due_at)
    return _schedule(current, due_at, key=reminder.key)


@transaction.atomic
def reminder_cancel(*, actor, survey, key):
    current = locked_row(survey, "workspace")
    _pending(current, key)
    reminders.cancel(key=key)


def _pending(survey, key):
    found = reminders.scheduled(reminder_prefix(survey)).filter(key=key, sent_at__isnull=True).first()
    if found is None:
        raise ValidationError(NOT_FOUND)
    return found


def _schedule(survey, due_at, key=None):
    return reminders.schedule(
        key=key or f"{reminder_prefix(survey)}{secrets.token_hex(4)}", workspace=survey.workspace, due_at=due_at,
        subject=f"Reminder: “{survey.title}”", url=survey.get_absolute_url(), target=survey,
        personalise=PERSONALISE,
    )


def scheduled(survey):
    return list(reminders.scheduled(reminder_prefix(survey)))


def not_started_text(survey):
    return {"subject": f"You haven't responded to “{survey.title}”",
            "message": f"There is still time to answer “{survey.title}”. {survey.window_phrase()}.",
            "url": survey.get_absolute_url()}


def unfinished_text(survey):
    # The survey's page with ?continue=1: participation knows who started, not which response
    # (anonymous surveys keep them apart), so the answering part picks up where they left off.
    return {"subject": f"Finish your response to “{survey.title}”",
            "message": f"You started answering “{survey.title}” but have not submitted it yet. "
                       f"Your answers so far are saved. {survey.window_phrase()}.",
            "url": survey.get_absolute_url() + "?continue=1"}


def personalise_reminder(reminder, user_ids):
    """The core reminders' personalise hook, at sending time: of `user_ids` (members who may
    see the survey), those invited or started, not finished, with fewer than 3 reminders; the
    "not started" or "finish" text each. Counts the reminder on their participation and on the
    survey's ReminderRun, in the sending transaction."""
    survey = Survey.objects.select_related("workspace").filter(pk=reminder.target_id).first()
    if survey is None or not survey.is_collecting():
        return {}
    due = list(still_due(survey).filter(user_id__in=user_ids, reminders_sent__lt=MAX_REMINDERS)
               .values_list("pk", "user_id", "started_at"))
    if not due:
        return {}
    texts = {False: not_started_text(survey), True: unfinished_text(survey)}
    found = {user_id: texts[started is not None] for _, user_id, started in due}
    now = timezone.now()
    Participation.objects.filter(pk__in=[pk for pk, _, _ in due]).update(
        reminders_sent=F("reminders_sent") + 1, last_reminded_at=now)
    unfinished = sum(1 for _, _, started in due if started is not None)
    run, created = ReminderRun.objects.get_or_create(survey=survey, key=reminder.key, defaults={"sent_at": now})
    ReminderRun.objects.filter(pk=run.pk).update(not_started=F("not_started") + len(due) - unfinished,
                                                 unfinished=F("unfinished") + unfinished)
    if created:
        record(workspace=survey.workspace, actor=None, verb="surveys.reminder_sent", target=survey,
               summary="sent a reminder about the survey")
    return found


# --- The response-rate panel ----------------------------------------------------------------------


def percent(part, whole):
    return round(100 * part / whole) if whole else 0


@dataclass
class Rate:
    label: str
    reached: int
    invited: int
    started: int
    completed: int

    @property
    def started_percent(self):
        return percent(self.started, self.reached)

    @property
    def completed_percent(self):
        return percent(self.completed, self.reached)


@dataclass
class Day:
    day: object
    started: int
    completed: int
    total_started: int
    total_completed: int
    reminders: list


COUNTS = {
    "reached": Count("pk"),
    "invited": Count("pk", filter=Q(invited_at__isnull=False)),
    "started": Count("pk", filter=Q(started_at__isnull=False)),
    "completed": Count("pk", filter=Q(completed_at__isnull=False)),
}
MAX_DAYS = 400  # a daily table longer than a year is a list of days nobody reads


def response_rate(survey):
    """(overall Rate, Rates by team, Days): three queries for the counts whatever the numbers,
    plus the days and the reminder runs."""
    participations = Participation.objects.filter(survey=survey)
    overall = Rate(label="Everyone", **participations.aggregate(**COUNTS))
    team_rows = (participations.filter(user__groups__team__workspace=survey.workspace)
                 .values("user__groups__team__name").annotate(**COUNTS).order_by("user__groups__team__name"))
    teams = [Rate(label=row.pop("user__groups__team__name"), **row) for row in team_rows]
    return overall, teams, days_of(survey)


def days_of(survey):
    counts = {c.day: c for c in DailyCount.objects.filter(survey=survey).order_by("day")}
    runs = {}
    for run in ReminderRun.objects.filter(survey=survey).order_by("sent_at"):
        runs.setdefault(timezone.localdate(run.sent_at), []).append(run)
    known = list(counts) + list(runs)
    if not known:
        return []
    first, last = min(known), max(known)
    if survey.is_collecting():
        last = max(last, timezone.localdate())
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    days, total_started, total_completed = [], 0, 0
    for previous in (c for d, c in counts.items() if d < first):  # days before the table's first
        total_started += previous.started
        total_completed += previous.completed
    day = first
    while day <= last:
        count = counts.get(day)
        started, completed = (count.started, count.completed) if count else (0, 0)
        total_started += started
        total_completed += completed
        days.append(Day(day, started, completed, total_started, total_completed, runs.get(day, [])))
        day += timedelta(days=1)
    return days


def teams_of(workspace):
    return list(Team.objects.filter(workspace=workspace).order_by("name"))
