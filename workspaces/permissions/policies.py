"""Policies answer "may this user do X to this?" and "which rows may they see?" per model.

A policy is registered for a model class; subclasses of WorkspaceItem get ItemPolicy unless a
tool registers its own (subclass ItemPolicy and override what differs).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from guardian.models import GroupObjectPermission

from ..models import Access, Role, Visibility, Workspace, WorkspaceItem
from .access import access_for, licensed_memberships
from .roles import ARCHIVED_REASON, DENIAL_REASONS, LICENCE_LAPSED_REASON, WORKSPACE_PERMS

NOT_FOUND = "not_found"


def split_perm(perm):
    """'links.change_link' -> ('links', 'change', 'link')."""
    app_label, _, codename = perm.partition(".")
    action, _, model_name = codename.partition("_")
    return app_label, action, model_name


class Decision:
    """The outcome of a check: allowed, or refused with a reason (NOT_FOUND hides existence)."""

    __slots__ = ("allowed", "reason")

    def __init__(self, allowed, reason=""):
        self.allowed, self.reason = allowed, reason

    def __bool__(self):
        return self.allowed


ALLOW = Decision(True)


def _deny(capability, access):
    if access.licence_lapsed:
        return Decision(False, LICENCE_LAPSED_REASON.format(organisation=access.workspace.organisation))
    if access.workspace.is_archived and access.has("view") and capability != "view":
        return Decision(False, ARCHIVED_REASON)
    return Decision(False, DENIAL_REASONS.get(capability, "You do not have permission to do this."))


class WorkspacePolicy:
    """Workspace-level checks: the workspace's own perms, and `<tool>.add_<model>` on a workspace."""

    def decide(self, user, perm, workspace):
        access = access_for(user, workspace)
        if not access.has("view"):
            return Decision(False, NOT_FOUND)
        app_label, action, _ = split_perm(perm)
        if app_label == "workspaces":
            codename = perm.partition(".")[2]
            capability = WORKSPACE_PERMS.get(codename)
            if capability is None:
                return Decision(False, "Only site admins can do this.") if not access.is_site_admin else ALLOW
        elif action == "view":
            capability = "view"
        elif action == "add":
            capability = "contribute"
        else:
            capability = "moderate"
        return ALLOW if access.has(capability) else _deny(capability, access)

    def visible(self, user, queryset):
        if getattr(user, "is_site_admin", False):
            return queryset
        q = Q(visibility=Visibility.PUBLIC)
        if user.is_authenticated:
            q |= Q(pk__in=licensed_memberships(user.pk).values("workspace_id"))
        return queryset.filter(q)


class ItemPolicy:
    """Default rules for a WorkspaceItem.

    view:   may see the workspace, and the item's view_access admits them
            (anyone / members / managers / chosen teams; managers see everything,
            a member always sees their own items).
    change: may contribute, and is the author, a manager, or admitted by change_access.
    delete: the author (if they may still contribute) or a manager.
    restrict: set who may see or change it (view_access, change_access, teams): the author
            (if they may still contribute) or a manager; others admitted by change_access edit
            its content only.
    Other actions (e.g. `moderate_post`) need the moderate capability.
    """

    # Who may see an item, as rules that horizontal apps may apply to many people at once
    # (digests for 200,000 members) instead of asking visible() person by person. Only a
    # class that declares it itself counts (see view_rules_of): a subclass that changes who may
    # see must not inherit the claim.
    bulk_view_rules = "item"

    def decide(self, user, perm, item):
        access = access_for(user, item.workspace)
        _, action, _ = split_perm(perm)
        if not (access.has("view") and self.can_view(access, item)):
            return Decision(False, NOT_FOUND)
        if action == "view":
            return ALLOW
        if not access.has("contribute"):
            return _deny("contribute", access)
        is_author = user.is_authenticated and item.created_by_id == user.pk
        if access.is_manager:
            return ALLOW
        if action == "change" and (is_author or self.change_access_admits(access, item)):
            return ALLOW
        if action in ("delete", "restrict") and is_author:
            return ALLOW
        return _deny("moderate", access)

    def can_view(self, access, item):
        if access.is_manager:
            return True
        # Members always see what they wrote, however it is limited.
        if access.is_member and access.user.is_authenticated and item.created_by_id == access.user.pk:
            return True
        level = item.view_access
        if level == Access.ANYONE:
            return access.is_member or access.workspace.is_public
        if level == Access.MEMBERS:
            return access.is_member
        if level == Access.TEAMS:
            return access.is_member and self.team_granted(access, item, "view")
        return False

    def change_access_admits(self, access, item):
        level = item.change_access
        if level == Access.MEMBERS:
            return True
        if level == Access.TEAMS:
            return self.team_granted(access, item, "change")
        return False

    def team_granted(self, access, item, action):
        key = (type(item), item.pk, action)
        if key not in access.grant_cache:
            group_ids = access.team_group_ids
            access.grant_cache[key] = bool(group_ids) and GroupObjectPermission.objects.filter(
                content_type=ContentType.objects.get_for_model(item),
                object_pk=str(item.pk),
                permission__codename=f"{action}_{item._meta.model_name}",
                group_id__in=group_ids,
            ).exists()
        return access.grant_cache[key]

    def prime(self, user, items):
        """Load team grants for a page of items in one query, so per-item checks cost none."""
        items = [i for i in items if Access.TEAMS in (i.view_access, i.change_access)]
        if not items or not user.is_authenticated:
            return
        model = type(items[0])
        by_ws = {}
        for item in items:
            by_ws.setdefault(item.workspace_id, []).append(item)
        ct = ContentType.objects.get_for_model(model)
        for ws_items in by_ws.values():
            access = access_for(user, ws_items[0].workspace)
            granted = set()
            if access.team_group_ids:
                granted = set(
                    GroupObjectPermission.objects.filter(
                        content_type=ct,
                        object_pk__in=[str(i.pk) for i in ws_items],
                        group_id__in=access.team_group_ids,
                    ).values_list("object_pk", "permission__codename")
                )
            for item in ws_items:
                for action in ("view", "change"):
                    key = (model, item.pk, action)
                    access.grant_cache[key] = (str(item.pk), f"{action}_{model._meta.model_name}") in granted

    def visible(self, user, queryset):
        if getattr(user, "is_site_admin", False):
            return queryset
        q = Q(view_access=Access.ANYONE, workspace__visibility=Visibility.PUBLIC)
        if user.is_authenticated:
            mine = licensed_memberships(user.pk)  # a member whose licence lapsed sees what outsiders see
            member_of = mine.values("workspace_id")
            q |= Q(workspace__in=mine.filter(role__gte=Role.MANAGER).values("workspace_id"))
            q |= Q(workspace__in=member_of, view_access__in=[Access.ANYONE, Access.MEMBERS])
            q |= Q(workspace__in=member_of, created_by=user.pk)
            model = queryset.model
            grants = GroupObjectPermission.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                permission__codename=f"view_{model._meta.model_name}",
                group__user=user.pk,
            ).values("object_pk")
            q |= Q(workspace__in=member_of, view_access=Access.TEAMS, _pk_text__in=grants)
            queryset = queryset.alias(_pk_text=Cast("pk", output_field=CharField()))
        return queryset.filter(q)


class ManagedDeletionPolicy(ItemPolicy):
    """ItemPolicy for items deleted softly (`is_deleted`) and kept for managers to restore.

    A deleted item is hidden from everyone but managers and site admins, in checks (404) and
    in lists; deleting and restoring (`<app>.delete_<model>`) need a manager, whereas
    ItemPolicy lets authors delete their own items. Tools with more rules override
    decide_item(), which answers for an item that is not hidden."""

    managers_only = "Only managers of this workspace can delete or restore this."
    bulk_view_rules = "managed_deletion"  # ItemPolicy's, and deleted items for managers only

    def decide(self, user, perm, item):
        access = access_for(user, item.workspace)
        if item.is_deleted and not access.is_manager:
            return Decision(False, NOT_FOUND)
        decision = self.decide_item(user, perm, item, access)
        if decision.allowed and split_perm(perm)[1] == "delete" and not access.is_manager:
            return Decision(False, self.managers_only)
        return decision

    def decide_item(self, user, perm, item, access):
        return ItemPolicy.decide(self, user, perm, item)

    def visible(self, user, queryset):
        queryset = super().visible(user, queryset)
        if getattr(user, "is_site_admin", False):
            return queryset
        shown = Q(is_deleted=False)
        if user.is_authenticated:
            shown |= Q(workspace__in=licensed_memberships(user.pk).filter(role__gte=Role.MANAGER).values("workspace_id"))
        return queryset.filter(shown)


def view_rules_of(policy):
    """"item" or "managed_deletion" when `policy`'s class declares that who may see an item is
    exactly ItemPolicy's (or ManagedDeletionPolicy's) rule; None: ask the policy itself."""
    return type(policy).__dict__.get("bulk_view_rules")


class SiteAdminPolicy:
    """Anything else (e.g. organisations): site admins only."""

    def decide(self, user, perm, obj):
        if getattr(user, "is_site_admin", False):
            return ALLOW
        return Decision(False, NOT_FOUND)

    def visible(self, user, queryset):
        return queryset if getattr(user, "is_site_admin", False) else queryset.none()


_policies = {}


def register_policy(model, policy):
    """Give a model its own policy (a tool with rules beyond ItemPolicy's)."""
    _policies[model] = policy


def policy_for(model):
    policy = _policies.get(model)
    if policy is None:
        if issubclass(model, Workspace):
            policy = WorkspacePolicy()
        elif issubclass(model, WorkspaceItem):
            policy = ItemPolicy()
        else:
            policy = SiteAdminPolicy()
        _policies[model] = policy
    return policy
