"""Who may do what with a comment. Who may see one is who may see the item it is on (the item's
own policy, through the permission layer); who may comment is the item's policy's `comment`
action (`<app>.comment_<model>`, e.g. documents.comment_document).

    view      whoever may see the item; a comment waiting for a moderator only its author and
              the workspace's moderators.
    reply     whoever may comment on the item, to a published comment.
    delete    its author (while they may still contribute) or a moderator.
    report    anyone signed in who may see it, but its author, while it is published.
    moderate  the workspace's moderators (the moderate capability: managers and the moderators
              team), not while archived. Reports and moderation are the moderation app's pages.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from workspaces import registry
from workspaces.models import Role, Workspace
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
    visible,
    visible_pairs,
)

from .models import Status

REMOVAL_REFUSED = "Only the person who wrote a comment, or a moderator, can remove it."
ALREADY_REMOVED = "This comment has already been removed."
NOT_PUBLISHED = "Only a published comment can be answered or reported."
OWN_REPORT = "You cannot report your own comment. You can remove it instead."


def commentable_models():
    """The models the registered tools let people comment on."""
    from django.apps import apps

    return [apps.get_model(c.model) for tool in registry.all_tools() for c in tool.commentable]


def perm_on(item, action):
    return f"{item._meta.app_label}.{action}_{item._meta.model_name}"


class CommentPolicy(Policy):
    actions = frozenset({"view", "reply", "delete", "report", "moderate"})

    def decide(self, user, perm, comment):
        action = self.check_perm(perm, type(comment))
        item = comment.target
        if item is None:
            return Decision(False, NOT_FOUND)
        seen = decide(user, perm_on(item, "view"), item)
        if not seen.allowed:
            return seen
        access = access_for(user, comment.workspace)
        is_author = user.is_authenticated and comment.author_id == user.pk
        if comment.is_pending and not (is_author or access.has("moderate") or access.is_manager):
            return Decision(False, NOT_FOUND)
        if action == "view":
            return ALLOW
        if action == "moderate":
            return ALLOW if access.has("moderate") else deny("moderate", access)
        if action == "delete":
            if comment.is_removed:
                return Decision(False, ALREADY_REMOVED)
            if access.has("moderate") or (is_author and access.has("contribute")):
                return ALLOW
            return deny("contribute", access) if not access.has("contribute") else Decision(False, REMOVAL_REFUSED)
        if not comment.is_published:
            return Decision(False, NOT_PUBLISHED)
        if action == "reply":
            return decide(user, perm_on(item, "comment"), item)
        # report
        if is_author:
            return Decision(False, OWN_REPORT)
        if access.workspace.is_archived:
            return Decision(False, ARCHIVED_REASON)
        return ALLOW if user.is_authenticated else Decision(False, NOT_FOUND)

    def visible(self, user, queryset):
        """Comments on items the user may see (waiting ones: their own, or a manager's view)."""
        on_seen_items = Q(pk__in=[])
        for model in commentable_models():
            seen = visible(user, model._default_manager.all()).values("pk")
            on_seen_items |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=seen)
        shown = ~Q(status=Status.PENDING)
        if getattr(user, "is_site_admin", False):
            shown = Q()
        elif user.is_authenticated:
            managed = licensed_memberships(user.pk).filter(
                Q(role__gte=Role.MANAGER) | Q(workspace__moderators_team__group__user=user.pk)).values("workspace_id")
            shown |= Q(author=user.pk) | Q(workspace__in=managed)
        return queryset.filter(on_seen_items).filter(shown)

    def visible_in(self, access, queryset):
        """visible() in one workspace, from the loaded access (the items' rule, each tool's)."""
        on_seen_items = Q(pk__in=[])
        for model in commentable_models():
            seen = visible(access.user, model._default_manager.all(), within=access.workspace).values("pk")
            on_seen_items |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=seen)
        queryset = queryset.filter(on_seen_items, workspace=access.workspace)
        if access.is_manager or access.has("moderate"):
            return queryset
        shown = ~Q(status=Status.PENDING)
        if access.user.is_authenticated:
            shown |= Q(author=access.user.pk)
        return queryset.filter(shown)

    def visible_to_many(self, users, queryset, only=None):
        users = [u for u in users if u.is_active]
        rows = {pk: (ct, target, ws, status, author)
                for pk, ct, target, ws, status, author in queryset.values_list(
                    "pk", "target_type_id", "target_id", "workspace_id", "status", "author_id")}
        pairs = only if only is not None else {(u.pk, pk) for u in users for pk in rows}
        # Who may see the items commented on.
        seen = visible_pairs(users, {(user_id, rows[pk][:2]) for user_id, pk in pairs if pk in rows})
        workspaces = {ws for _, _, ws, _, _ in rows.values()}
        roles = standing_of(users, workspaces)
        admins = {u.pk for u in users if u.is_site_admin}
        teams = set(Workspace.objects.filter(pk__in=workspaces, moderators_team__group__user__in=[u.pk for u in users])
                    .values_list("moderators_team__group__user", "pk")) if any(
            status == Status.PENDING for _, _, _, status, _ in rows.values()) else set()
        found = set()
        for user_id, pk in pairs:
            if pk not in rows:
                continue
            ct, target, ws, status, author = rows[pk]
            if (user_id, (ct, target)) not in seen:
                continue
            moderates = roles.get((user_id, ws), 0) >= Role.MANAGER or (
                (user_id, ws) in roles and (user_id, ws) in teams)
            if status == Status.PENDING and not (user_id == author or user_id in admins or moderates):
                continue
            found.add((user_id, pk))
        return found
