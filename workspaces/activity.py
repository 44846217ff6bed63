"""The activity API. Tools call record() from their services, inside the same transaction as
the change, so that what happened and the record of it commit or roll back together."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal

from .models import Activity

# Sent after an activity row is written (inside the transaction). Horizontal apps
# (notifications, digests) subscribe; tools never call them directly.
activity_recorded = Signal()


def record(*, workspace, actor, verb, target=None, title="", url="", summary="", mentions=(), addressed=()):
    """Record that `actor` did `verb` ("<app>.<noun>_<past participle>") to `target`.

    `mentions`: users (or ids) @mentioned in the change (see workspaces.mentions); who else
    hears of it is the tool's NotifyRule for the verb (workspaces.registry).
    `addressed`: users (or ids) the change names directly, such as the reviewers a document
    was sent to; they hear of it when the verb's rule includes ADDRESSED."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("activity.record() must be called inside the change's transaction.")
    activity = Activity.objects.create(
        workspace=workspace,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        target_title=(title or (str(target) if target is not None else ""))[:200],
        target_url=url or (target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""),
        summary=summary[:300],
    )
    activity_recorded.send(
        sender=Activity, activity=activity, target=target,
        mentions=[getattr(m, "pk", m) for m in mentions],
        addressed=[getattr(u, "pk", u) for u in addressed],
    )
    return activity
