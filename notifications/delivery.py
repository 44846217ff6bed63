"""From activity to notifications and outbox rows, inside the change's transaction, and the
queueing of their sending once it commits.

The notifications app subscribes to workspaces.activity.activity_recorded; tools only declare
NotifyRules in the registry. Recipients small in number (followers, managers, mentioned) are
written at once; WORKSPACE_MEMBERS is written as a Fanout row and expanded by a task in
chunks, so publishing to 200,000 members does not hold the author's request.

Emails are rows in the core's outbox (workspaces.mail), written here and sent by its task.
A task lives beside the code it runs (fan_out here), so that what queues it imports it, and
notifications.tasks imports them all for Celery: no module imports back the one that imports it.
"""

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from workspaces import mail, registry
from workspaces.models import Membership, OutboundEmail, Role
from workspaces.permissions import members_who_may_see

from . import preferences
from .bell import notifications_changed
from .models import EmailKind, Fanout, Follow, Frequency, Notification

FANOUT_CHUNK = 1000


def on_activity(sender, activity, target=None, mentions=(), addressed=(), **kwargs):
    rule = registry.notify_rule(activity.verb)
    if rule.follow and activity.actor_id and activity.target_id is not None:
        Follow.objects.bulk_create(
            [Follow(user_id=activity.actor_id, workspace_id=activity.workspace_id,
                    target_type_id=activity.target_type_id, target_id=activity.target_id)],
            ignore_conflicts=True,
        )
    reasons = {}  # user id -> why they hear of it (the first matching rule wins)
    if registry.ADDRESSED in rule.notify:
        reasons.update(dict.fromkeys(addressed, registry.ADDRESSED))
    if registry.MENTIONED in rule.notify:
        for user_id in mentions:
            reasons.setdefault(user_id, registry.MENTIONED)
    if registry.FOLLOWERS in rule.notify and activity.target_id is not None:
        followed = Q(target_type_id=activity.target_type_id, target_id=activity.target_id)
        for name in rule.followers_of if target is not None else ():
            container = getattr(target, name, None)  # a blog's post: its blog's followers too
            if container is not None:
                followed |= Q(target_type=ContentType.objects.get_for_model(container), target_id=container.pk)
        followers = Follow.objects.filter(followed)
        for user_id in followers.values_list("user_id", flat=True):
            reasons.setdefault(user_id, registry.FOLLOWERS)
    if registry.MANAGERS in rule.notify:
        managers = Membership.objects.filter(workspace_id=activity.workspace_id, role__gte=Role.MANAGER)
        for user_id in managers.values_list("user_id", flat=True):
            reasons.setdefault(user_id, registry.MANAGERS)
    reasons.pop(activity.actor_id, None)  # nobody is told what they did themselves
    deliver(activity, reasons)
    if registry.WORKSPACE_MEMBERS in rule.notify:
        fanout = Fanout.objects.create(activity=activity)
        transaction.on_commit(lambda: mail.enqueue(fan_out, fanout.pk))


def deliver(activity, reasons):
    """Write Notification rows for {user id: reason}, and outbox rows for those who want each
    event by email at once; their sending is queued when the transaction commits.
    Idempotent: running it twice for the same people adds nothing."""
    if not reasons:
        return []
    wanted = preferences.frequencies(reasons, activity.workspace_id)
    Notification.objects.bulk_create(
        [
            Notification(recipient_id=user_id, activity=activity, workspace_id=activity.workspace_id,
                         reason=reason, delivery=wanted[user_id])
            for user_id, reason in reasons.items()
        ],
        ignore_conflicts=True,
    )
    notifications_changed(reasons)  # bulk_create: their bells count again
    immediate = [u for u, f in wanted.items() if f == Frequency.IMMEDIATE]
    if not immediate:
        return []
    # bulk_create(ignore_conflicts) returns no ids: read them back (one query).
    ids = dict(
        Notification.objects.filter(activity=activity, recipient_id__in=immediate).values_list("recipient_id", "pk")
    )
    return mail.queue(
        OutboundEmail(idempotency_key=f"notification:{user_id}:{activity.pk}", recipient_id=user_id,
                      kind=EmailKind.NOTIFICATION, ref_id=ids[user_id], subject=activity.target_title[:200])
        for user_id in immediate
    )


def expand_fanout(fanout_id, chunk=FANOUT_CHUNK):
    """Reach every member of the activity's workspace who may see what it is about (the
    permission layer: members_who_may_see), `chunk` members per transaction; resumable (rows
    already written are skipped by their unique keys)."""
    fanout = Fanout.objects.select_related("activity").get(pk=fanout_id)
    if fanout.done_at:
        return 0
    activity = fanout.activity
    members = (
        Membership.objects.filter(workspace_id=activity.workspace_id)
        .exclude(user_id=activity.actor_id).order_by("user_id").values_list("user_id", flat=True)
    )
    after, reached = 0, 0
    while True:
        batch = list(members.filter(user_id__gt=after)[:chunk])
        if not batch:
            break
        about = (activity.target_type_id, activity.target_id) if activity.target_id is not None else None
        reached_here = sorted(members_who_may_see(batch, activity.workspace_id, about))
        with transaction.atomic():
            deliver(activity, dict.fromkeys(reached_here, registry.WORKSPACE_MEMBERS))
        after, reached = batch[-1], reached + len(batch)
    Fanout.objects.filter(pk=fanout_id).update(done_at=timezone.now())
    return reached


@shared_task(name="notifications.tasks.fan_out", acks_late=True)
def fan_out(fanout_id):
    return expand_fanout(fanout_id)
