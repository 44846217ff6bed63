"""The activity API. Tools call record() from their services, inside the same transaction as
the change, so that what happened and the record of it commit or roll back together."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal

from . import registry
from .models import Activity

logger = logging.getLogger(__name__)


class UndeclaredVerb(ValueError):
    """A verb no tool (or horizontal app) declared in the registry: who hears of it would be
    a guess. Refused in tests and with DEBUG on; logged otherwise."""

# Sent after an activity row is written (inside the transaction). Horizontal apps
# (notifications, digests) subscribe; tools never call them directly.
activity_recorded = Signal()


def record(*, workspace, actor, verb, target=None, title="", url="", summary="", mentions=(), addressed=()):
    """Record that `actor` did `verb` ("<app>.<noun>_<past participle>", declared in the
    tool's Tool(verbs=...)) to `target`.

    `mentions`: users (or ids) @mentioned in the change (see workspaces.mentions); who else
    hears of it is the tool's NotifyRule for the verb (workspaces.registry).
    `addressed`: users (or ids) the change names directly, such as the reviewers a document
    was sent to; they hear of it when the verb's rule includes ADDRESSED."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("activity.record() must be called inside the change's transaction.")
    if not registry.is_declared(verb):
        message = f"The activity verb {verb!r} is not declared by any tool (Tool(verbs=...))."
        if settings.DEBUG or getattr(settings, "TESTING", False):
            raise UndeclaredVerb(message)
        logger.error(message)
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


def actor_name(activity):
    """Whom an activity names: its actor; "" for what the schedule recorded (a window closed:
    its summary reads on its own, "Comments are now closed on"); "Someone" for a former member."""
    if activity.actor_id:
        return activity.actor.name
    return "" if registry.is_scheduled(activity.verb) else "Someone"
