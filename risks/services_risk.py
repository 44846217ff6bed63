"""Changes to one risk beyond the contract's core (risks.services): reviewing it, its controls
and actions, ending a formal acceptance; and the core's changes with their reminders kept in
step (risks.reminders). Keyword-only, one transaction each; the caller checked the permission.

    risk = create(actor=..., register=..., scores=..., **details)       services.risk_create + reminders
    risk = update(actor=..., risk=..., base_version=..., scores=..., **details)
    risk = moved(actor=..., risk=..., to=Status.CLOSED, reason="")
    acceptance = accepted(actor=<a manager>, risk=..., justification=..., review_by=<date>)
    risk = review(actor=..., risk=..., note="", scores=None, review_by=None)   a REVIEWED version
    control = control_add(actor=..., risk=..., description=..., kind=..., owner=None)
    control_update(...), control_remove(...)
    action = action_add(actor=..., risk=..., description=..., response=..., owner=..., due_on=...)
    action_done(actor=..., action=...), action_reopen(actor=..., action=...)
    acceptance_end(actor=<a manager>, risk=..., reason=...)

Controls, actions and acceptance endings change no field of the risk itself: they add a
CHANGED version (the timeline's "Action added: …") without raising the risk's `version`, so an
edit form open meanwhile is not refused for them. Refusals are ValidationErrors by field."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workspaces.kit.services import locked_row, record
from workspaces.lib.forms import one_line

from . import history, reminders, services
from .models import (
    LIVE_STATUSES,
    MAX_REASON_LENGTH,
    Acceptance,
    Action,
    Control,
    ControlType,
    Response,
    VersionKind,
)

MAX_DESCRIPTION_LENGTH = 500
MAX_NOTE_LENGTH = MAX_REASON_LENGTH
NEXT_REVIEW_LATER = "The next review must be after today."
NOT_LIVE = "Only an open or mitigating risk can be reviewed; reopen it first."


def _locked(risk):
    return locked_row(risk, "register", "workspace", "category", "owner")


def _note(current, *, actor, note, now=None):
    """A CHANGED version with `note` (the risk's fields as they are): what the timeline shows."""
    return history.snapshot(current, actor=actor, kind=VersionKind.CHANGED, note=note[:MAX_NOTE_LENGTH], at=now)


def _description(value):
    text = one_line(value)
    if not text:
        raise ValidationError({"description": "Describe it in a few words."})
    if len(text) > MAX_DESCRIPTION_LENGTH:
        raise ValidationError({"description": f"At most {MAX_DESCRIPTION_LENGTH} characters."})
    return text


# --- The core's changes, with their reminders ------------------------------------------------------


@transaction.atomic
def create(*, actor, register, scores, **details):
    risk = services.risk_create(actor=actor, register=register, scores=scores, **details)
    reminders.sync(_locked(risk))
    return risk


@transaction.atomic
def update(*, actor, risk, base_version=None, scores=None, **details):
    saved = services.risk_update(actor=actor, risk=risk, base_version=base_version, scores=scores, **details)
    reminders.sync(_locked(saved))
    return saved


@transaction.atomic
def moved(*, actor, risk, to, reason=""):
    if (reason or "").strip() and len(reason.strip()) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": f"At most {MAX_REASON_LENGTH} characters."})
    saved = services.move(actor=actor, risk=risk, to=to, reason=reason)
    reminders.sync(_locked(saved))
    return saved


@transaction.atomic
def accepted(*, actor, risk, justification, review_by):
    if len((justification or "").strip()) > MAX_REASON_LENGTH:
        raise ValidationError({"justification": f"At most {MAX_REASON_LENGTH} characters."})
    acceptance = services.accept(actor=actor, risk=risk, justification=justification, review_by=review_by)
    reminders.sync(_locked(risk))
    return acceptance


# --- Review ----------------------------------------------------------------------------------------


@transaction.atomic
def review(*, actor, risk, note="", scores=None, review_by=None, now=None):
    """"Reviewed today": the last review is now, the next one `review_by` (in the future) or
    today + the register's review_days; the scores re-checked (only those given change); a
    REVIEWED version with the note (the register's trend arrow reads these)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    current = _locked(risk)
    if current.status not in LIVE_STATUSES:
        raise ValidationError({"note": NOT_LIVE})
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError({"note": f"At most {MAX_NOTE_LENGTH} characters."})
    if review_by is not None and review_by <= today:
        raise ValidationError({"review_by": NEXT_REVIEW_LATER})
    if scores:
        given = {name: pair for name, pair in scores.items() if pair and pair != (None, None)}
        if given:
            fields = services.check_scores(current.register.matrix(), given, required=tuple(given))
            for name in given:
                for part in ("likelihood", "impact"):
                    setattr(current, f"{name}_{part}", fields[f"{name}_{part}"])
    current.reviewed_at = now
    current.review_by = review_by or today + timedelta(days=current.register.review_days)
    current.version += 1
    current.updated_by = actor
    current.save()
    history.snapshot(current, actor=actor, kind=VersionKind.REVIEWED, note=note, at=now)
    record(workspace=current.workspace, actor=actor, verb="risks.risk_reviewed", target=current,
           summary="reviewed the risk")
    reminders.sync(current)
    return current


# --- Controls --------------------------------------------------------------------------------------


def _kind(kind):
    if kind not in ControlType.values:
        raise ValidationError({"kind": "Choose preventive, detective, corrective or directive."})
    return kind


@transaction.atomic
def control_add(*, actor, risk, description, kind=ControlType.PREVENTIVE, owner=None):
    current = _locked(risk)
    control = Control.objects.create(risk=current, description=_description(description), kind=_kind(kind),
                                     owner=owner)
    _note(current, actor=actor, note=f"Control added: {control.description} ({control.get_kind_display()})")
    return control


@transaction.atomic
def control_update(*, actor, control, description, kind, owner=None):
    current = _locked(control.risk)
    found = Control.objects.select_for_update().filter(pk=control.pk, risk=current).first()
    if found is None:
        raise ValidationError("This control was removed meanwhile.")
    before = found.description
    found.description, found.kind, found.owner = _description(description), _kind(kind), owner
    found.save()
    note = (f"Control changed: {before} → {found.description}" if before != found.description
            else f"Control changed: {found.description}")
    _note(current, actor=actor, note=note)
    return found


@transaction.atomic
def control_remove(*, actor, control):
    current = _locked(control.risk)
    removed = Control.objects.filter(pk=control.pk, risk=current).delete()[0]
    if removed:
        _note(current, actor=actor, note=f"Control removed: {control.description}")
    return removed


# --- Actions ---------------------------------------------------------------------------------------


@transaction.atomic
def action_add(*, actor, risk, description, response=Response.TREAT, owner=None, due_on=None):
    current = _locked(risk)
    if response not in Response.values:
        raise ValidationError({"response": "Choose tolerate, treat, transfer or terminate."})
    action = Action.objects.create(risk=current, description=_description(description), response=response,
                                   owner=owner, due_on=due_on, created_by=actor)
    due = f", due {due_on:%-d %B %Y}" if due_on else ""
    whose = f", owner {owner.name}" if owner else ""
    _note(current, actor=actor, note=f"Action added ({action.get_response_display()}): {action.description}"
                                     f"{whose}{due}")
    record(workspace=current.workspace, actor=actor, verb="risks.action_added", target=current,
           summary=f"gave you an action: {action.description}"[:300], addressed=[owner] if owner else [])
    reminders.sync(current)
    return action


def _locked_action(action):
    current = _locked(action.risk)
    found = Action.objects.select_for_update().filter(pk=action.pk, risk=current).first()
    if found is None:
        raise ValidationError("This action was removed meanwhile.")
    return current, found


@transaction.atomic
def action_done(*, actor, action, now=None):
    current, found = _locked_action(action)
    if found.done_at is not None:
        return found
    found.done_at = now or timezone.now()
    found.save(update_fields=["done_at"])
    _note(current, actor=actor, note=f"Action done: {found.description}", now=now)
    record(workspace=current.workspace, actor=actor, verb="risks.action_done", target=current,
           summary=f"marked an action done: {found.description}"[:300])
    reminders.sync(current)
    return found


@transaction.atomic
def action_reopen(*, actor, action):
    current, found = _locked_action(action)
    if found.done_at is None:
        return found
    found.done_at = None
    found.save(update_fields=["done_at"])
    _note(current, actor=actor, note=f"Action reopened: {found.description}")
    reminders.sync(current)
    return found


# --- Acceptance ------------------------------------------------------------------------------------


@transaction.atomic
def acceptance_end(*, actor, risk, reason, now=None):
    """End the live formal acceptance, with a reason (kept beside it); the risk's response is
    left as it is, for its keepers to change."""
    now = now or timezone.now()
    current = _locked(risk)
    reason = one_line(reason)
    if not reason:
        raise ValidationError({"reason": "Say why the acceptance ends."})
    if len(reason) > 500:
        raise ValidationError({"reason": "At most 500 characters."})
    live = Acceptance.objects.select_for_update().filter(risk=current, ended_at__isnull=True).first()
    if live is None:
        raise ValidationError({"reason": "This risk has no acceptance in force."})
    live.ended_at, live.ended_reason = now, reason
    live.save(update_fields=["ended_at", "ended_reason"])
    _note(current, actor=actor, note=f"Acceptance ended: {reason}", now=now)
    reminders.sync(current)
    return live


def live_acceptance(risk):
    return Acceptance.objects.filter(risk=risk, ended_at__isnull=True).select_related("approver").first()

