"""A risk's history: every change kept as a snapshot (RiskVersion), from which the timeline
("who, when, before → after") and the register "as at" a date are rebuilt.

    snapshot(risk, actor=..., kind=VersionKind.CHANGED, note="")     in the change's transaction
    states = as_at(register, moment)     {risk id: state} of each risk's last version at or before it
    changes(versions)                    [(version, [(field label, before, after), ...]), ...]"""

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from .models import SNAPSHOT_FIELDS, RiskVersion


def state_of(risk):
    """What a version keeps of `risk` now (JSON: dates as ISO text), with the names of its
    category and owner as they were (a renamed category or a departed owner still reads right)."""
    state = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(risk, name)
        state[name] = value.isoformat() if hasattr(value, "isoformat") else value
    state["category"] = risk.category.name if risk.category_id else ""
    state["owner"] = risk.owner.name if risk.owner_id else ""
    return state


def snapshot(risk, *, actor, kind, note="", at=None):
    """Append the risk's state after a change (number under the caller's lock on the risk)."""
    last = RiskVersion.objects.filter(risk=risk).aggregate(n=Max("number"))["n"] or 0
    return RiskVersion.objects.create(risk=risk, register_id=risk.register_id, number=last + 1,
                                      at=at or timezone.now(), by=actor if getattr(actor, "is_authenticated", False)
                                      else None, kind=kind, note=note, state=state_of(risk))


def as_at(register, moment):
    """{risk id: state}: each risk of the register as its last version at or before `moment`
    left it (risks added later are absent). Two queries at any size."""
    latest = (RiskVersion.objects.filter(risk=OuterRef("risk"), at__lte=moment)
              .order_by("-at", "-number").values("pk")[:1])
    rows = (RiskVersion.objects.filter(register=register, at__lte=moment)
            .filter(pk=Subquery(latest)).values_list("risk_id", "state"))
    return dict(rows)
