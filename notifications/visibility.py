"""Which notifications each person may still see, decided when they are shown or sent (so a
removed membership, a lapsed licence or a newly restricted item hides them at once): one
question to the permission layer about their targets, or, for a notification without one, its
workspace. (Whoever may see an item may see its workspace: every policy's rule.)
"""

from workspaces.models import Workspace
from workspaces.permissions import visible_pairs


def visible_notification_ids(users, notifications):
    """The ids of `notifications` (with .activity loaded) that their recipient may see now.
    `users`: id -> user, covering every recipient."""
    asked = {n.pk: (n.recipient_id, _about(n)) for n in notifications}
    seen = visible_pairs(users.values(), asked.values())
    return {pk for pk, pair in asked.items() if pair in seen}


def _about(notification):
    """(model, pk) of what the notification is about: its activity's target, or its workspace."""
    activity = notification.activity
    if activity.target_type_id is None or activity.target_id is None:
        return Workspace, notification.workspace_id
    return activity.target_type_id, activity.target_id
