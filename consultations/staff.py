"""The consultation's stages as staff run them (the lifecycle part): publish it (with the period
check), withdraw it before it opens, extend its close date, start the analysis once it closes.

Keyword-only, atomic, one change each; a refusal is a ValidationError naming its field, so the
forms show it where it belongs. Who may call them is the policy's (`change`); the views ask.

    publish(actor=..., consultation=..., reason="")            draft -> live (services.publish)
    withdraw(actor=..., consultation=...)                      scheduled -> draft
    extend(actor=..., consultation=..., closes_at=..., reason=...)   a later close, told to people
    start_analysis(actor=..., consultation=...)                closed -> analysing
    next_steps(consultation, now=None)                         what may be done now, in words
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from workspaces.kit.lifecycles import site_time
from workspaces.kit.services import audit, locked_row, record

from . import due, periods, services
from .lifecycles import CONSULTATION_WINDOW, STATUS
from .mail_lifecycle import queue_close_extended
from .models import Consultation, Response, ResponseStatus, Stage, Status

NOT_DRAFT = "Only a draft can be published: this consultation is already published."
WITHDRAW_OPENED = ("It has opened for responses, so it can no longer be withdrawn: extend the close date "
                   "instead, or wait for it to close.")
WITHDRAW_NOT_LIVE = "Only a published consultation that has not opened yet can be withdrawn."
EXTEND_NOT_LIVE = "Only a published consultation that is not yet being analysed can have its close date moved."
EXTEND_NO_CLOSE = "This consultation has no close date to extend: set one in its settings."
EXTEND_EARLIER = "Choose a close date later than the current one ({closes})."
EXTEND_PAST = "Choose a close date in the future."
NEEDS_EXTEND_REASON = "Say why the close date moves (this is kept in the audit trail and told to respondents)."
ANALYSE_NOT_CLOSED = "The analysis starts once the consultation has closed for responses (it closes on {closes})."
ANALYSE_NOT_LIVE = "Only a published consultation that has closed can move to the analysis."


def publish(*, actor, consultation, reason=""):
    """Publish the draft (the contract's services.publish: dates, a document, the period check
    with its reason). A consultation already live is refused in words, not by the transition."""
    if Consultation.objects.filter(pk=consultation.pk).values_list("status", flat=True).get() != Status.DRAFT:
        raise ValidationError(NOT_DRAFT)
    return services.publish(actor=actor, consultation=consultation, reason=reason)


@transaction.atomic
def withdraw(*, actor, consultation, now=None):
    """Back to draft, only before it opens (no one can have responded): the "response expected
    by" date and both reminders go; followers were told it was published, so the activity says
    it was withdrawn."""
    now = now or timezone.now()
    current = locked_row(consultation, "workspace")
    if current.status != Status.LIVE or current.is_deleted:
        raise ValidationError(WITHDRAW_NOT_LIVE)
    if current.stage(now) != Stage.SCHEDULED:
        raise ValidationError(WITHDRAW_OPENED)
    STATUS.transition(current, Status.DRAFT, actor=actor, summary="withdrew the consultation")
    current.published_at = None
    current.response_due_on = None
    current.save(update_fields=["published_at", "response_due_on"])
    due.cancel(current)
    CONSULTATION_WINDOW.forget(current)
    audit(actor=actor, action="consultation.withdrawn", workspace=current.workspace, target=current,
          before={"status": Status.LIVE}, after={"status": Status.DRAFT})
    return current


@transaction.atomic
def extend(*, actor, consultation, closes_at, reason, now=None):
    """Move the close date later. A reason is always asked (audited as
    "consultation.close_extended", with the period check's findings for the new period, which
    also become the recorded period reason when there are any). The "response expected by" date
    and its reminder move, the "closes tomorrow" reminder moves, followers hear of it (the
    activity), and everyone with a draft or submitted response online gets an email."""
    now = now or timezone.now()
    current = locked_row(consultation, "workspace")
    if current.status != Status.LIVE or current.is_deleted:
        raise ValidationError(EXTEND_NOT_LIVE)
    if current.closes_at is None:
        raise ValidationError({"closes_at": EXTEND_NO_CLOSE})
    if closes_at is None or closes_at <= current.closes_at:
        raise ValidationError({"closes_at": EXTEND_EARLIER.format(closes=site_time(current.closes_at))})
    if closes_at <= now:
        raise ValidationError({"closes_at": EXTEND_PAST})
    reason = (reason or "").strip()
    flagged = periods.problems(current.opens_at, closes_at)
    if not reason:
        said = " ".join(flagged) + " " if flagged else ""
        raise ValidationError({"reason": said + NEEDS_EXTEND_REASON})
    before = current.closes_at
    before_due = current.response_due_on
    current.closes_at = closes_at
    if flagged:
        current.period_reason = reason
    due.schedule(current)
    current.save(update_fields=["closes_at", "period_reason", "response_due_on"])
    Consultation.objects.filter(pk=current.pk).update(version=F("version") + 1, updated_by=actor)
    CONSULTATION_WINDOW.window_changed(current, now)
    audit(actor=actor, action="consultation.close_extended", workspace=current.workspace, target=current,
          before={"closes_at": before.isoformat(), "response_due_on": _iso(before_due)},
          after={"closes_at": closes_at.isoformat(), "response_due_on": _iso(current.response_due_on),
                 "reason": reason, "problems": flagged})
    record(workspace=current.workspace, actor=actor, verb="consultations.close_extended", target=current,
           summary=f"extended the close date to {site_time(closes_at)}")
    people = list(Response.objects.filter(
        consultation=current, respondent__isnull=False, respondent__is_active=True,
        status__in=(ResponseStatus.IN_PROGRESS, ResponseStatus.SUBMITTED),
    ).values_list("respondent_id", "status"))
    queue_close_extended(current, people, reason=reason)
    return current


@transaction.atomic
def start_analysis(*, actor, consultation, now=None):
    """Closed -> analysing: responses are no longer taken (they were not, once it closed) and
    analysts code them; the response's due date stays as it is."""
    now = now or timezone.now()
    current = locked_row(consultation, "workspace")
    if current.status != Status.LIVE or current.is_deleted:
        raise ValidationError(ANALYSE_NOT_LIVE)
    if current.stage(now) != Stage.CLOSED:
        closes = site_time(current.closes_at) if current.closes_at else "no date yet"
        raise ValidationError(ANALYSE_NOT_CLOSED.format(closes=closes))
    STATUS.transition(current, Status.ANALYSING, actor=actor, summary="started analysing the responses")
    return current


def _iso(value):
    return value.isoformat() if value else None


# --- What may be done now (the manage page) -------------------------------------------------------


@dataclass(frozen=True)
class NextSteps:
    stage: str
    actions: tuple  # of "publish", "withdraw", "extend", "start_analysis"
    text: str  # what happens next, in words


def next_steps(consultation, now=None):
    """The actions staff may take at its stage, and a sentence on what happens next."""
    stage = consultation.stage(now)
    if consultation.is_deleted:
        return NextSteps(stage, (), "It is deleted: a manager can restore it from the deleted consultations.")
    if stage == Stage.DRAFT:
        return NextSteps(stage, ("publish",),
                         "Publish it when the document and the dates are ready. Until it opens it shows as "
                         "scheduled, and you can still withdraw it.")
    if stage == Stage.SCHEDULED:
        return NextSteps(stage, ("withdraw", "extend"),
                         f"It opens for responses on {site_time(consultation.opens_at)}; followers are told then.")
    if stage == Stage.OPEN:
        return NextSteps(stage, ("extend",),
                         f"It takes responses until {site_time(consultation.closes_at)}. Followers are reminded "
                         "the day before it closes.")
    if stage == Stage.CLOSED:
        return NextSteps(stage, ("extend", "start_analysis"),
                         "It has closed for responses. Start the analysis to code the responses and prepare "
                         "the outcome.")
    if stage == Stage.ANALYSING:
        return NextSteps(stage, (), "Analysts code the responses; then publish the outcome from its own page.")
    return NextSteps(stage, (), "The outcome is published: respondents who asked were told.")
