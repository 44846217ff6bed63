"""Which notifications each person may still see, decided when they are shown or sent (so a
removed membership, a lapsed licence or a newly restricted item hides them at once).

For a batch of people this costs a fixed number of queries: one for their standing in the
workspaces concerned, and per target model either one query for the items and one for team
grants (models whose policy declares the core's view rules: ItemPolicy's, or
ManagedDeletionPolicy's, see view_rules_of), or one visible() query per person (models with
rules of their own, which we do not re-derive).
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, ExpressionWrapper, OuterRef
from guardian.models import GroupObjectPermission

from workspaces.models import Access, Membership, Role, WorkspaceItem
from workspaces.permissions import visible
from workspaces.permissions.access import licence_ok
from workspaces.permissions.policies import policy_for, view_rules_of


def visible_notification_ids(users, notifications):
    """The ids of `notifications` (with .activity and .workspace loaded) that their recipient
    may see now. `users`: id -> user, covering every recipient."""
    notifications = [n for n in notifications if users.get(n.recipient_id) and users[n.recipient_id].is_active]
    if not notifications:
        return set()
    standing = _standing(users, {n.workspace_id for n in notifications})
    public = {n.workspace_id for n in notifications if n.workspace.is_public}

    def sees_workspace(user, ws_id):
        return user.is_site_admin or ws_id in public or (user.pk, ws_id) in standing

    by_model = defaultdict(list)
    for n in notifications:
        if n.activity.target_type_id is not None and n.activity.target_id is not None:
            by_model[n.activity.target_type_id].append(n)
    seen_targets = set()  # (user id, content type id, target id)
    for ct_id, items in by_model.items():
        seen_targets |= _visible_targets(users, ct_id, items, standing)
    shown = set()
    for n in notifications:
        user = users[n.recipient_id]
        if not sees_workspace(user, n.workspace_id):
            continue
        a = n.activity
        if a.target_type_id is None or a.target_id is None or (user.pk, a.target_type_id, a.target_id) in seen_targets:
            shown.add(n.pk)
    return shown


def _standing(users, workspace_ids):
    """(user id, workspace id) -> role, for memberships that count (licence current)."""
    rows = (
        Membership.objects.filter(user_id__in=list(users), workspace_id__in=workspace_ids)
        .annotate(_ok=ExpressionWrapper(licence_ok(OuterRef("user_id"), "workspace__organisation"),
                                        output_field=BooleanField()))
        .values_list("user_id", "workspace_id", "role", "_ok")
    )
    return {(u, w): role for u, w, role, ok in rows if ok}


def _visible_targets(users, ct_id, notifications, standing):
    model = ContentType.objects.get_for_id(ct_id).model_class()
    wanted = defaultdict(set)  # user id -> target ids
    for n in notifications:
        wanted[n.recipient_id].add(n.activity.target_id)
    if model is None:
        return set()
    all_ids = set().union(*wanted.values())
    public = {n.workspace_id for n in notifications if n.workspace.is_public}
    rules = view_rules_of(policy_for(model)) if issubclass(model, WorkspaceItem) else None
    if rules not in ("item", "managed_deletion"):
        # A policy of the tool's own: ask it, one query per person.
        found = set()
        for user_id, ids in wanted.items():
            qs = visible(users[user_id], model._default_manager.filter(pk__in=ids))
            found |= {(user_id, ct_id, pk) for pk in qs.values_list("pk", flat=True)}
        return found
    fields = ["pk", "workspace_id", "view_access", "created_by_id"]
    if rules == "managed_deletion":  # a deleted item: managers only
        fields.append("is_deleted")
    items = {
        pk: (ws, access, author, bool(deleted and deleted[0]))
        for pk, ws, access, author, *deleted in model._default_manager.filter(pk__in=all_ids).values_list(*fields)
    }
    team_items = [str(pk) for pk, (_, access, _, _) in items.items() if access == Access.TEAMS]
    granted = set()
    if team_items:
        granted = {
            (user_id, int(pk))
            for pk, user_id in GroupObjectPermission.objects.filter(
                content_type_id=ct_id, permission__codename=f"view_{model._meta.model_name}",
                object_pk__in=team_items, group__user__in=list(wanted),
            ).values_list("object_pk", "group__user")
        }
    found = set()
    for user_id, ids in wanted.items():
        user = users[user_id]
        for pk in ids:
            if pk in items and _item_visible(user, pk, items[pk], standing, granted, public):
                found.add((user_id, ct_id, pk))
    return found


def _item_visible(user, pk, item, standing, granted, public):
    """ItemPolicy.visible (and ManagedDeletionPolicy's), for one person and one item already loaded."""
    if user.is_site_admin:
        return True
    ws_id, access, author, deleted = item
    role = standing.get((user.pk, ws_id))
    if deleted:
        return role is not None and role >= Role.MANAGER
    if role is None:  # not a (licensed) member: only what is open to anyone in a public workspace
        return access == Access.ANYONE and ws_id in public
    return (
        role >= Role.MANAGER
        or access in (Access.ANYONE, Access.MEMBERS)
        or author == user.pk
        or (access == Access.TEAMS and (user.pk, pk) in granted)
    )
