"""Changes to registers and risks: keyword-only, one transaction each; the caller checked the
permission (risks.policies). Every change to a risk writes a RiskVersion in the same
transaction (history.snapshot), so the timeline and "as at" never miss one.

    register = register_create(actor=..., workspace=..., title="Programme risks")   # with the
                                                      # Orange Book's categories and the default matrix
    risk = risk_create(actor=..., register=register, title=..., cause=..., event=..., impact=...,
                       category=..., owner=..., scores={"inherent": (4, 5), "current": (3, 4), "target": (2, 3)})
    risk = risk_suggest(actor=member, register=register, title=..., cause=..., ...)   # "proposed"
    risk = risk_update(actor=..., risk=risk, base_version=<the form's>, title=..., scores=...)
    risk = move(actor=..., risk=risk, to=Status.CLOSED, reason="")   # validated transitions
    acceptance = accept(actor=<a manager>, risk=risk, justification=..., review_by=<date>)

Refusals are ValidationErrors by field name (for the form); a risk changed since the form was
loaded raises ChangedMeanwhile."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from workspaces.kit.services import ChangedMeanwhile, item_added, locked_row, record
from workspaces.lib.forms import one_line

from . import history
from .models import (
    APPETITE_MAX,
    DEFAULT_CATEGORIES,
    MAX_TEXT_LENGTH,
    SCORES,
    Acceptance,
    Category,
    Register,
    Response,
    Risk,
    Status,
    VersionKind,
)

# Validated status moves: (from, to) -> whether a reason is required.
TRANSITIONS = {
    (Status.OPEN, Status.MITIGATING): False,
    (Status.OPEN, Status.CLOSED): False,
    (Status.MITIGATING, Status.CLOSED): False,
    (Status.MITIGATING, Status.OPEN): False,
    (Status.CLOSED, Status.OPEN): True,  # reopened, with a reason
}
TEXT_FIELDS = ("cause", "event", "impact")
DETAIL_FIELDS = ("title", "cause", "event", "impact", "trigger", "category", "owner", "proximity", "response",
                 "review_by")


@transaction.atomic
def register_create(*, actor, workspace, title, description="", view_access="members", change_access="managers",
                    view_teams=(), change_teams=(), categories=DEFAULT_CATEGORIES):
    register = Register.objects.create(workspace=workspace, created_by=actor, updated_by=actor, title=one_line(title),
                                       description=description, view_access=view_access, change_access=change_access)
    Category.objects.bulk_create([Category(register=register, name=name, appetite=level, max_score=APPETITE_MAX[level],
                                           position=n) for n, (name, level) in enumerate(categories)])
    item_added(register, actor=actor, verb="risks.register_created", summary="started the risk register",
               view_teams=view_teams, change_teams=change_teams)
    return register


def check_scores(matrix, scores, *, required=("inherent", "current")):
    """{"inherent": (likelihood, impact), ...} checked against the matrix: each part a whole
    number in range; `required` scores present. Returns the model fields to set."""
    errors, fields = {}, {}
    for name in SCORES:
        pair = (scores or {}).get(name)
        if not pair or pair == (None, None):
            if name in required:
                errors[f"{name}_likelihood"] = f"Give the {name} likelihood and impact."
            fields[f"{name}_likelihood"] = fields[f"{name}_impact"] = None
            continue
        for part, value in zip(("likelihood", "impact"), pair, strict=True):
            try:
                fields[f"{name}_{part}"] = matrix.check_value(value, f"{name} {part}")
            except ValidationError as error:
                errors[f"{name}_{part}"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    return fields


def _details(register, details):
    """Form values cleaned for a Risk: one-line title, texts within length, the category of this register."""
    cleaned = {}
    for name, value in details.items():
        if name not in DETAIL_FIELDS:
            raise TypeError(f"{name!r} is not a risk detail")
        if name in ("title", "trigger"):
            value = one_line(value or "")
        elif name in TEXT_FIELDS:
            value = (value or "").strip()
            if len(value) > MAX_TEXT_LENGTH:
                raise ValidationError({name: f"At most {MAX_TEXT_LENGTH} characters."})
        elif name == "category" and value is not None and value.register_id != register.pk:
            raise ValidationError({"category": "Choose one of this register's categories."})
        elif name == "response" and value and value not in Response.values:
            raise ValidationError({"response": "Choose tolerate, treat, transfer or terminate."})
        cleaned[name] = value
    if "title" in cleaned and not cleaned["title"]:
        raise ValidationError({"title": "Give the risk a title."})
    return cleaned


def _next_number(register):
    current = locked_row(register)
    number = current.next_number
    Register.objects.filter(pk=register.pk).update(next_number=F("next_number") + 1)
    return number


@transaction.atomic
def risk_create(*, actor, register, scores, status=Status.OPEN, kind=VersionKind.CREATED, note="", now=None,
                announce=True, **details):
    """A new risk (open, or `status`), numbered under the register's lock, with its first version.
    announce=False: no activity of its own (an import records one for all its rows)."""
    matrix = register.matrix()
    fields = check_scores(matrix, scores, required=() if status == Status.PROPOSED else ("inherent", "current"))
    cleaned = _details(register, {"title": details.pop("title", ""), **details})
    risk = Risk(workspace_id=register.workspace_id, register=register, number=_next_number(register),
                status=status, created_by=actor, updated_by=actor, **cleaned, **fields)
    if risk.review_by is None and status != Status.PROPOSED:
        risk.review_by = (now or timezone.now()).date() + timedelta(days=register.review_days)
    risk.save()
    history.snapshot(risk, actor=actor, kind=kind, note=note, at=now)
    if not announce:
        return risk
    verb = "risks.risk_suggested" if status == Status.PROPOSED else "risks.risk_added"
    record(workspace=register.workspace, actor=actor, verb=verb, target=risk,
           summary="suggested a risk" if status == Status.PROPOSED else "added a risk")
    return risk


def risk_suggest(*, actor, register, scores=None, **details):
    """A member's suggestion: arrives "proposed", for the keepers to accept, merge or decline."""
    return risk_create(actor=actor, register=register, scores=scores or {}, status=Status.PROPOSED,
                       kind=VersionKind.PROPOSED, **details)


@transaction.atomic
def risk_update(*, actor, risk, base_version=None, scores=None, note="", kind=VersionKind.CHANGED, now=None,
                **details):
    """Change a risk's details and/or scores (only what is given). `base_version`: the version
    the form loaded (another's save since raises ChangedMeanwhile, nothing saved)."""
    current = locked_row(risk, "register", "workspace")
    if base_version is not None and current.version != base_version:
        raise ChangedMeanwhile(current, {"version": current.version})
    cleaned = _details(current.register, details)
    for name, value in cleaned.items():
        setattr(current, name, value)
    if scores is not None:
        required = () if current.status == Status.PROPOSED else ("inherent", "current")
        for name, value in check_scores(current.register.matrix(), scores, required=required).items():
            setattr(current, name, value)
    return _saved(current, actor=actor, kind=kind, note=note, now=now)


def _saved(current, *, actor, kind, note="", now=None):
    current.version += 1
    current.updated_by = actor
    current.save()
    history.snapshot(current, actor=actor, kind=kind, note=note, at=now)
    return current


@transaction.atomic
def move(*, actor, risk, to, reason="", now=None):
    """A status move along TRANSITIONS (anything else refused, by name); reopening needs a reason."""
    current = locked_row(risk, "register", "workspace")
    needs_reason = TRANSITIONS.get((current.status, to))
    if needs_reason is None:
        raise ValidationError({"status": f"A risk that is {current.get_status_display().lower()} cannot be moved to "
                                         f"{Status(to).label.lower()}."})
    reason = (reason or "").strip()
    if needs_reason and not reason:
        raise ValidationError({"reason": "Say why the risk is reopened."})
    current.status = to
    if reason:
        current.decision_reason = reason
    current = _saved(current, actor=actor, kind=VersionKind.STATUS, note=reason, now=now)
    record(workspace=current.workspace, actor=actor, verb="risks.risk_status_changed", target=current,
           summary=f"moved the risk to {Status(to).label.lower()}")
    return current


@transaction.atomic
def accept(*, actor, risk, justification, review_by, now=None):
    """Tolerate a risk formally: a justification and a review-by date in the future are
    required (refused otherwise, nothing saved); ends any live acceptance first."""
    now = now or timezone.now()
    current = locked_row(risk, "register", "workspace")
    errors = {}
    justification = (justification or "").strip()
    if not justification:
        errors["justification"] = "Say why this risk is accepted."
    if review_by is None:
        errors["review_by"] = "Give the date by which the acceptance is reviewed."
    elif review_by <= timezone.localdate(now):
        errors["review_by"] = "The review date must be in the future."
    if current.status not in (Status.OPEN, Status.MITIGATING):
        errors["justification"] = "Only an open or mitigating risk can be accepted."
    if errors:
        raise ValidationError(errors)
    Acceptance.objects.filter(risk=current, ended_at__isnull=True).update(ended_at=now, ended_reason="Replaced")
    acceptance = Acceptance.objects.create(risk=current, approver=actor, justification=justification,
                                           review_by=review_by)
    current.response = Response.TOLERATE
    _saved(current, actor=actor, kind=VersionKind.ACCEPTED, note=justification, now=now)
    record(workspace=current.workspace, actor=actor, verb="risks.risk_accepted", target=current,
           summary="accepted the risk")
    return acceptance

