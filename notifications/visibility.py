"""Which notifications each person may still see, decided when they are shown or sent (so a
removed membership, a lapsed licence or a newly restricted item hides them at once): one
question to the permission layer about their targets, or, for a notification without one, its
workspace. (Whoever may see an item may see its workspace: every policy's rule.)
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from workspaces.models import Workspace
from workspaces.permissions import visible, visible_pairs


def visible_notification_ids(users, notifications):
    """The ids of `notifications` (with .activity loaded) that their recipient may see now.
    `users`: id -> user, covering every recipient."""
    asked = {n.pk: (n.recipient_id, _about(n)) for n in notifications}
    seen = visible_pairs(users.values(), asked.values())
    return {pk for pk, pair in asked.items() if pair in seen}


def visible_ids_within(user, workspace, notifications):
    """The same for one person's notifications in one workspace (the home's "Waiting for you"):
    one visible(..., within=workspace) question per kind of target, decided from their loaded
    access in that workspace."""
    if not user.is_active:
        return set()
    wanted = defaultdict(set)  # model -> pks
    for notification in notifications:
        wanted[_about(notification)[0]].add(_about(notification)[1])
    seen = set()
    for model, pks in wanted.items():
        cls = ContentType.objects.get_for_id(model).model_class() if isinstance(model, int) else model
        if cls is None:
            continue
        found = visible(user, cls._default_manager.filter(pk__in=pks), within=workspace).values_list("pk", flat=True)
        seen |= {(model, pk) for pk in found}
    return {n.pk for n in notifications if _about(n) in seen}


def _about(notification):
    """(model, pk) of what the notification is about: its activity's target, or its workspace."""
    activity = notification.activity
    if activity.target_type_id is None or activity.target_id is None:
        return Workspace, notification.workspace_id
    return activity.target_type_id, activity.target_id
