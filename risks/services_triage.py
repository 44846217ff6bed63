"""Triage of a suggested risk (status "proposed"): accept it into the register, merge it into
another live risk, or decline it with a reason. Each is one transaction, writes one TRIAGED
version and tells the suggester (risks.risk_triaged, addressed to them). The caller checked
risks.triage_risk (the register's keepers, while the risk is proposed).

    accept(actor=..., risk=risk, scores={"inherent": (4, 4), "current": (3, 4)}, owner=user, category=...)
    merge(actor=..., risk=risk, into=other, reason="Same as R-3")
    decline(actor=..., risk=risk, reason="Out of scope for this programme")"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workspaces.kit.services import locked_row, record

from . import services
from .models import LIVE_STATUSES, MAX_REASON_LENGTH, Risk, Status, VersionKind

NOT_PROPOSED = "This suggestion has already been triaged."


def _proposed(risk):
    current = locked_row(risk, "register", "workspace")
    if current.status != Status.PROPOSED:
        raise ValidationError({"decision": NOT_PROPOSED})
    return current


def _reason(reason, what):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Say why the suggestion is {what}: the person who suggested it reads it."})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": f"At most {MAX_REASON_LENGTH:,} characters."})
    return reason


def _tell(current, actor, summary):
    addressed = [current.created_by_id] if current.created_by_id and current.created_by_id != actor.pk else []
    record(workspace=current.workspace, actor=actor, verb="risks.risk_triaged", target=current, summary=summary,
           addressed=addressed)


@transaction.atomic
def accept(*, actor, risk, scores, owner, note="", now=None, **details):
    """The suggestion becomes an open risk of the register, with its scores (inherent and current
    required) and an owner (a member: the caller checked), and any details changed on the way."""
    current = _proposed(risk)
    errors = {}
    try:
        fields = services.check_scores(current.register.matrix(), scores)
    except ValidationError as error:
        errors.update(error.message_dict)
        fields = {}
    if owner is None:
        errors["owner"] = "Choose who owns the risk."
    try:
        cleaned = services._details(current.register, details)
    except ValidationError as error:
        errors.update(error.message_dict)
        cleaned = {}
    if errors:
        raise ValidationError(errors)
    for name, value in {**cleaned, **fields, "owner": owner}.items():
        setattr(current, name, value)
    current.status = Status.OPEN
    current.decision_reason = ""
    if current.review_by is None:
        current.review_by = timezone.localdate(now or timezone.now()) + timedelta(days=current.register.review_days)
    current = services._saved(current, actor=actor, kind=VersionKind.TRIAGED, note=note or "Accepted", now=now)
    _tell(current, actor, "accepted the suggested risk")
    return current


@transaction.atomic
def merge(*, actor, risk, into, reason, now=None):
    """The suggestion is folded into `into`, a live risk of the same register; the reason is shown
    to the suggester."""
    current = _proposed(risk)
    reason = _reason(reason, "merged")
    if into is None or into.register_id != current.register_id or into.pk == current.pk:
        raise ValidationError({"into": "Choose an open or mitigating risk of this register."})
    into = Risk.objects.filter(pk=into.pk).only("status").first()
    if into is None or into.status not in LIVE_STATUSES:
        raise ValidationError({"into": "Choose an open or mitigating risk of this register."})
    current.status = Status.MERGED
    current.merged_into = into
    current.decision_reason = reason
    current = services._saved(current, actor=actor, kind=VersionKind.TRIAGED, note=reason, now=now)
    _tell(current, actor, "merged the suggested risk into another")
    return current


@transaction.atomic
def decline(*, actor, risk, reason, now=None):
    """The suggestion is declined, with a reason shown to the suggester."""
    current = _proposed(risk)
    current.status = Status.DECLINED
    current.decision_reason = _reason(reason, "declined")
    current = services._saved(current, actor=actor, kind=VersionKind.TRIAGED, note=current.decision_reason, now=now)
    _tell(current, actor, "declined the suggested risk")
    return current
