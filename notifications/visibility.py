"""Which notifications each person may still see, decided when they are shown or sent (so a
removed membership, a lapsed licence or a newly restricted item hides them at once).

One question to the permission layer per kind of target (visible_to_many), and one about the
workspaces of notifications without a target: a fixed number of queries for any number of
people and notifications. (Whoever may see an item may see its workspace: every policy's rule.)
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from workspaces.models import Workspace
from workspaces.permissions import visible_to_many


def visible_notification_ids(users, notifications):
    """The ids of `notifications` (with .activity loaded) that their recipient may see now.
    `users`: id -> user, covering every recipient."""
    notifications = [n for n in notifications if users.get(n.recipient_id) and users[n.recipient_id].is_active]
    if not notifications:
        return set()
    targetless = [n for n in notifications if n.activity.target_type_id is None or n.activity.target_id is None]
    in_reach = set()
    if targetless:
        in_reach = visible_to_many(
            [users[u] for u in {n.recipient_id for n in targetless}],
            Workspace.objects.filter(pk__in={n.workspace_id for n in targetless}),
            only={(n.recipient_id, n.workspace_id) for n in targetless},
        )
    wanted = defaultdict(set)  # content type id -> {(user id, target id)}
    for n in notifications:
        if n.activity.target_type_id is not None and n.activity.target_id is not None:
            wanted[n.activity.target_type_id].add((n.recipient_id, n.activity.target_id))
    seen = set()  # (content type id, user id, target id)
    for ct_id, pairs in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        people = [users[u] for u in {u for u, _ in pairs}]
        found = visible_to_many(people, model._default_manager.filter(pk__in={pk for _, pk in pairs}), only=pairs)
        seen |= {(ct_id, user_id, pk) for user_id, pk in found}
    shown = set()
    for n in notifications:
        a = n.activity
        if a.target_type_id is None or a.target_id is None:
            if (n.recipient_id, n.workspace_id) in in_reach:
                shown.add(n.pk)
        elif (a.target_type_id, n.recipient_id, a.target_id) in seen:
            shown.add(n.pk)
    return shown
