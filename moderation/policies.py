"""Who may do what in moderation.

    report    signed in, may see the item (its own policy: `<app>.view_<model>`), not its
              author, while it is published and the workspace is not archived.
    moderate  the workspace's moderators (access.has("moderate"): managers, and the members of
              the moderators team a manager named), on an item they may see; not while archived.
    a queue entry (moderation.view_queueentry): seen by the workspace's moderators alone, so the
              activity about reports (its target) reaches nobody else.
"""

from django.apps import apps
from django.db.models import Q

from workspaces import registry
from workspaces.models import Role
from workspaces.permissions import (
    ALLOW,
    ARCHIVED_REASON,
    NOT_FOUND,
    Decision,
    Policy,
    access_for,
    decide,
    deny,
    licensed_memberships,
    standing_of,
)

OWN_REPORT = "You cannot report what you wrote yourself. You can change or remove it instead."
NOT_PUBLISHED = "Only what everyone can read can be reported: a moderator is already looking at this."
SIGN_IN = "Sign in to report something."


def perm_on(item, action):
    return f"{item._meta.app_label}.{action}_{item._meta.model_name}"


def declared_for(model):
    """The Moderatable declaration of a model (class or instance), or None."""
    return registry.moderatables().get(model._meta.label)


def moderatable_models():
    return [apps.get_model(label) for label in registry.moderatables()]


def report_decision(user, item):
    seen = decide(user, perm_on(item, "view"), item)
    if not seen.allowed:
        return seen
    if not user.is_authenticated:
        return Decision(False, SIGN_IN)
    if item.author_id == user.pk:
        return Decision(False, OWN_REPORT)
    if item.workspace.is_archived:
        return Decision(False, ARCHIVED_REASON)
    if not item.is_published:
        return Decision(False, NOT_PUBLISHED)
    return ALLOW


def moderate_decision(user, item):
    seen = decide(user, perm_on(item, "view"), item)
    if not seen.allowed:
        return seen
    access = access_for(user, item.workspace)
    return ALLOW if access.has("moderate") else deny("moderate", access)


def moderated_workspaces(user_id):
    """Workspaces (ids, a subquery) where the person moderates: as a manager, or on the
    moderators team (their membership counting: licence current)."""
    mine = licensed_memberships(user_id)
    return mine.filter(Q(role__gte=Role.MANAGER) | Q(workspace__moderators_team__group__user=user_id)).values(
        "workspace_id")


class QueueEntryPolicy(Policy):
    actions = frozenset({"view"})

    def decide(self, user, perm, entry):
        self.check_perm(perm, type(entry))
        access = access_for(user, entry.workspace)
        if not access.has("view") or not access.has("moderate") and not access.is_manager:
            return Decision(False, NOT_FOUND)
        return ALLOW

    def visible(self, user, queryset):
        if getattr(user, "is_site_admin", False):
            return queryset
        if not user.is_authenticated:
            return queryset.none()
        return queryset.filter(workspace__in=moderated_workspaces(user.pk))

    def visible_in(self, access, queryset):
        queryset = queryset.filter(workspace=access.workspace)
        return queryset if access.has("moderate") or access.is_manager else queryset.none()

    def visible_to_many(self, users, queryset, only=None):
        from workspaces.models import Workspace

        users = {u.pk: u for u in users if u.is_active}
        rows = dict(queryset.values_list("pk", "workspace_id"))
        roles = standing_of(users.values(), set(rows.values()))
        teams = set(Workspace.objects.filter(pk__in=set(rows.values()), moderators_team__isnull=False,
                                             moderators_team__group__user__in=list(users))
                    .values_list("moderators_team__group__user", "pk"))
        pairs = only if only is not None else {(u, pk) for u in users for pk in rows}
        found = set()
        for user_id, pk in pairs:
            if user_id not in users or pk not in rows:
                continue
            ws = rows[pk]
            role = roles.get((user_id, ws))
            if users[user_id].is_site_admin or (role is not None and (role >= Role.MANAGER or (user_id, ws) in teams)):
                found.add((user_id, pk))
        return found
