"""Policies answer, per model: "may this user do X to this?" (decide), "which rows may they
see?" (visible) and "which of these people may see which of these items?" (visible_to_many).

A tool declares a policy per model in its Tool(policies=...) (workspaces.registry); subclasses
of WorkspaceItem without one get ItemPolicy; anything else gets SiteAdminPolicy (site admins
only: deny by default). Each policy names the actions it knows (`actions`); a permission whose
action it does not know, or whose app or model does not match the object, raises
UnknownPermission instead of being decided (a typo must not quietly grant anything).
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from guardian.models import GroupObjectPermission

from ..models import Access, Role, Visibility, Workspace, WorkspaceItem
from .access import access_for, licensed_memberships, standing_of
from .epoch import connect_policy_model
from .roles import (
    ARCHIVED_REASON,
    DENIAL_REASONS,
    GRANT_PERMS,
    LICENCE_LAPSED_REASON,
    ROLE_ABOVE_OWN_REASON,
    WORKSPACE_PERMS,
)

NOT_FOUND = "not_found"


class UnknownPermission(ImproperlyConfigured):
    """A permission no policy declares ("links.chnage_link"), or one asked of the wrong model."""


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

    def __repr__(self):
        return f"Decision({self.allowed}, {self.reason!r})"


ALLOW = Decision(True)


def deny(capability, access):
    """A refusal with the reason a person would want: their licence, the archive, or the
    capability they lack."""
    if access.licence_lapsed:
        return Decision(False, LICENCE_LAPSED_REASON.format(organisation=access.workspace.organisation))
    if access.workspace.is_archived and access.has("view") and capability != "view":
        return Decision(False, ARCHIVED_REASON)
    return Decision(False, DENIAL_REASONS.get(capability, "You do not have permission to do this."))


class Policy:
    """The base of every policy: the actions it knows, and a bulk question answered one
    visible() query per person (policies that can batch it override visible_to_many)."""

    actions = frozenset()

    def check_perm(self, perm, model):
        """Raise UnknownPermission unless `perm` is "<model's app>.<known action>_<model name>"."""
        app_label, action, model_name = split_perm(perm)
        if (app_label, model_name) != (model._meta.app_label, model._meta.model_name):
            raise UnknownPermission(f"{perm!r} asked of a {model._meta.label} (expected "
                                    f"'{model._meta.app_label}.<action>_{model._meta.model_name}').")
        if action not in self.actions:
            raise UnknownPermission(f"{perm!r}: {type(self).__name__} knows no action {action!r} "
                                    f"(it knows {', '.join(sorted(self.actions))}).")
        return action

    def decide(self, user, perm, obj):  # pragma: no cover - every policy defines it
        raise NotImplementedError

    def visible(self, user, queryset):  # pragma: no cover
        raise NotImplementedError

    workspace_field = "workspace"  # the path from a row to its workspace (for visible_in)

    def visible_in(self, access, queryset):
        """visible() within one workspace, for the person whose WorkspaceAccess is `access`:
        the rows of `queryset` in that workspace they may see. Policies that can say it more
        simply from the loaded access (role, licence, teams) override it; this answer is the
        cross-workspace rule narrowed to the workspace (correct, slower)."""
        return self.visible(access.user, queryset).filter(**{self.workspace_field: access.workspace})

    def visible_under(self, user, item, queryset):
        raise TypeError(f"{type(self).__name__}: visible(within=...) takes a workspace here; an item only "
                        "for a ChildPolicy's objects")

    def visible_to_many(self, users, queryset, only=None):
        """{(user id, pk)} of the rows of `queryset` each of `users` may see (of the pairs in
        `only`, when given)."""
        found = set()
        for user in users:
            if user.is_active:
                found |= {(user.pk, pk) for pk in self.visible(user, queryset).values_list("pk", flat=True)}
        return found if only is None else found & set(only)


def candidate_pairs(users, rows, only):
    """The (user id, pk) pairs a bulk question is about: `only`'s (those of known people and
    rows), or every person with every row."""
    if only is None:
        return ((user_id, pk) for user_id in users for pk in rows)
    return ((user_id, pk) for user_id, pk in only if user_id in users and pk in rows)


class WorkspacePolicy(Policy):
    """Workspace-level checks: the workspace's own perms ("workspaces.manage_members"), a tool's
    `<app>.add_<model>` (and view/change/delete/... of its models) on a workspace, and
    workspace perms that horizontal apps declare (register_workspace_perm)."""

    extra_perms = {}  # "notifications.announce_workspace" -> capability
    workspace_field = "pk"

    def decide(self, user, perm, workspace):
        if perm.startswith("workspaces.grant_"):
            return self.decide_grant(user, perm, workspace)
        capability = self.capability(perm)
        access = access_for(user, workspace)
        if not access.has("view"):
            return Decision(False, NOT_FOUND)
        if capability is None:  # a workspaces perm only site admins hold
            return ALLOW if access.is_site_admin else Decision(False, "Only site admins can do this.")
        return ALLOW if access.has(capability) else deny(capability, access)

    def decide_grant(self, user, perm, workspace):
        """"workspaces.grant_<role>": may invite people in (manage_members), and holds at least
        that role (roles.GRANT_PERMS)."""
        role = GRANT_PERMS.get(perm.partition(".")[2])
        if role is None:
            raise UnknownPermission(f"{perm!r} is not a workspace permission ({', '.join(sorted(GRANT_PERMS))}).")
        decision = self.decide(user, "workspaces.invite_members", workspace)
        access = access_for(user, workspace)
        if decision.allowed and access.effective_role < role:
            return Decision(False, ROLE_ABOVE_OWN_REASON.format(role=Role(access.effective_role).label.lower()))
        return decision

    def capability(self, perm):
        app_label, action, model_name = split_perm(perm)
        if perm in self.extra_perms:
            return self.extra_perms[perm]
        if app_label == "workspaces":
            codename = perm.partition(".")[2]
            if codename not in WORKSPACE_PERMS:
                known = ", ".join(sorted(WORKSPACE_PERMS))
                raise UnknownPermission(f"{perm!r} is not a workspace permission ({known}).")
            return WORKSPACE_PERMS[codename]
        from django.apps import apps

        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            raise UnknownPermission(f"{perm!r}: there is no model {model_name!r} in the app {app_label!r}.") from None
        if not action:
            raise UnknownPermission(f"{perm!r}: no action.")
        return {"view": "view", "add": "contribute"}.get(action, "manage_items")

    def visible(self, user, queryset):
        if getattr(user, "is_site_admin", False):
            return queryset
        q = Q(visibility=Visibility.PUBLIC)
        if user.is_authenticated:
            q |= Q(pk__in=licensed_memberships(user.pk).values("workspace_id"))
        return queryset.filter(q)

    def visible_to_many(self, users, queryset, only=None):
        visibility = dict(queryset.values_list("pk", "visibility"))
        users = {u.pk: u for u in users if u.is_active}
        roles = standing_of(users.values(), list(visibility))
        return {
            (user_id, pk) for user_id, pk in candidate_pairs(users, visibility, only)
            if users[user_id].is_site_admin or visibility[pk] == Visibility.PUBLIC or (user_id, pk) in roles
        }


def register_workspace_perm(perm, capability):
    """A horizontal app's workspace-level permission ("notifications.announce_workspace"),
    held by whoever has `capability` (see roles.CAPABILITY_MIN_ROLE) in the workspace."""
    WorkspacePolicy.extra_perms = {**WorkspacePolicy.extra_perms, perm: capability}


class ItemPolicy(Policy):
    """Default rules for a WorkspaceItem.

    view:   may see the workspace, and the item's view_access admits them
            (anyone / members / managers / chosen teams; managers see everything,
            a member always sees their own items).
    change: may contribute, and is the author, a manager, or admitted by change_access.
    delete: the author (if they may still contribute) or a manager.
    restrict: set who may see or change it (view_access, change_access, teams): the author
            (if they may still contribute) or a manager; others admitted by change_access edit
            its content only.
    Actions a subclass adds to `actions` (e.g. "pin") need the manage_items capability
    (managers) unless it decides them itself.
    """

    actions = frozenset({"view", "change", "delete", "restrict"})

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # A subclass that changes who may see (visible) without saying how to ask that of many
        # people at once gets the correct, slower answer: one visible() query per person.
        if "visible" in cls.__dict__ and "visible_to_many" not in cls.__dict__:
            cls.visible_to_many = Policy.visible_to_many
        # ... and the same for the one-workspace form: the cross-workspace rule, narrowed.
        if "visible" in cls.__dict__ and "visible_in" not in cls.__dict__:
            cls.visible_in = Policy.visible_in

    def decide(self, user, perm, item):
        action = self.check_perm(perm, type(item))
        access = access_for(user, item.workspace)
        return self.decide_action(user, action, item, access)

    def decide_action(self, user, action, item, access):
        """The decision for a known action (perm already checked)."""
        if not (access.has("view") and self.can_view(access, item)):
            return Decision(False, NOT_FOUND)
        if action == "view":
            return ALLOW
        if not access.has("contribute"):
            return deny("contribute", access)
        is_author = user.is_authenticated and item.created_by_id == user.pk
        if access.is_manager:
            return ALLOW
        if action == "change" and (is_author or self.change_access_admits(access, item)):
            return ALLOW
        if action in ("delete", "restrict") and is_author:
            return ALLOW
        return deny("manage_items", access)

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

    def visible_in(self, access, queryset):
        """visible() in one workspace, from what `access` already knows (role, licence, teams):
        managers and site admins see every row; members what is open to members, their own
        and what their teams were given; anyone else what is open to anyone, in a public
        workspace. The same rule as can_view (the per-item check) and visible()."""
        queryset = queryset.filter(workspace=access.workspace)
        if access.is_manager:
            return queryset
        if not access.has("view"):
            return queryset.none()
        if not access.is_member or not access.user.is_authenticated:
            return queryset.filter(view_access=Access.ANYONE)
        shown = Q(view_access__in=[Access.ANYONE, Access.MEMBERS]) | Q(created_by=access.user.pk)
        groups = access.loaded_team_group_ids
        if groups is None:  # not asked yet on this request: a subquery, not a query of its own
            groups = access.user.groups.filter(team__workspace=access.workspace).values("id")
        if not isinstance(groups, frozenset) or groups:  # (a subquery is never evaluated here)
            model = queryset.model
            grants = GroupObjectPermission.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                permission__codename=f"view_{model._meta.model_name}",
                group_id__in=groups,
            ).values("object_pk")
            shown |= Q(view_access=Access.TEAMS, _pk_text__in=grants)
            queryset = queryset.alias(_pk_text=Cast("pk", output_field=CharField()))
        return queryset.filter(shown)

    # --- Many people at once (digests, announcements, reminders) -------------------------------

    bulk_fields = ("pk", "workspace_id", "workspace__visibility", "view_access", "created_by_id")

    def visible_to_many(self, users, queryset, only=None):
        """visible() for many people in a fixed number of queries: the items (one), the
        people's standing in their workspaces (one) and team grants on limited items (one)."""
        users = {u.pk: u for u in users if u.is_active}
        rows = {row[0]: dict(zip(self.bulk_fields, row, strict=True))
                for row in queryset.values_list(*self.bulk_fields)}
        if not users or not rows:
            return set()
        roles = standing_of(users.values(), {row["workspace_id"] for row in rows.values()})
        limited = [str(pk) for pk, row in rows.items() if row["view_access"] == Access.TEAMS]
        granted = set()
        if limited:
            model = queryset.model
            granted = {
                (user_id, int(pk)) for pk, user_id in GroupObjectPermission.objects.filter(
                    content_type=ContentType.objects.get_for_model(model),
                    permission__codename=f"view_{model._meta.model_name}",
                    object_pk__in=limited, group__user__in=list(users),
                ).values_list("object_pk", "group__user")
            }
        return {
            (user_id, pk) for user_id, pk in candidate_pairs(users, rows, only)
            if self.row_visible(users[user_id], rows[pk], roles.get((user_id, rows[pk]["workspace_id"])), granted)
        }

    def row_visible(self, user, row, role, granted):
        """visible()'s rule for one person (`role` in the item's workspace, None for none) and
        one item row of `bulk_fields`."""
        if user.is_site_admin:
            return True
        if role is None:  # not a (licensed) member: only what is open to anyone in a public workspace
            return row["view_access"] == Access.ANYONE and row["workspace__visibility"] == Visibility.PUBLIC
        return (
            role >= Role.MANAGER
            or row["view_access"] in (Access.ANYONE, Access.MEMBERS)
            or row["created_by_id"] == user.pk
            or (row["view_access"] == Access.TEAMS and (user.pk, row["pk"]) in granted)
        )


class ManagedDeletionPolicy(ItemPolicy):
    """ItemPolicy for items deleted softly (`is_deleted`, workspaces.kit.models.SoftDeletable)
    and kept for managers to restore.

    A deleted item is hidden from everyone but managers and site admins, in checks (404) and
    in lists; deleting and restoring (`<app>.delete_<model>`) need a manager, whereas
    ItemPolicy lets authors delete their own items. Tools with more rules override
    decide_item(), which answers for an item that is not hidden."""

    managers_only = "Only managers of this workspace can delete or restore this."

    def decide(self, user, perm, item):
        action = self.check_perm(perm, type(item))
        access = access_for(user, item.workspace)
        if item.is_deleted and not access.is_manager:
            return Decision(False, NOT_FOUND)
        decision = self.decide_item(user, action, item, access)
        if decision.allowed and action == "delete" and not access.is_manager:
            return Decision(False, self.managers_only)
        return decision

    def decide_item(self, user, action, item, access):
        return self.decide_action(user, action, item, access)

    def visible(self, user, queryset):
        queryset = super().visible(user, queryset)
        if getattr(user, "is_site_admin", False):
            return queryset
        shown = Q(is_deleted=False)
        if user.is_authenticated:
            managed = licensed_memberships(user.pk).filter(role__gte=Role.MANAGER).values("workspace_id")
            shown |= Q(workspace__in=managed)
        return queryset.filter(shown)

    def visible_in(self, access, queryset):
        queryset = ItemPolicy.visible_in(self, access, queryset)
        return queryset if access.is_manager else queryset.filter(is_deleted=False)

    bulk_fields = (*ItemPolicy.bulk_fields, "is_deleted")

    def visible_to_many(self, users, queryset, only=None):
        return ItemPolicy.visible_to_many(self, users, queryset, only)

    def row_visible(self, user, row, role, granted):
        if row["is_deleted"] and not user.is_site_admin:
            return role is not None and role >= Role.MANAGER
        return super().row_visible(user, row, role, granted)


class ChildPolicy(Policy):
    """For objects that belong to an item (a review of a document, a post in a thread): who may
    see one is who may see its item (the FK named `parent`), in checks, lists and in bulk.
    Subclasses add actions to `actions` and decide them in decide_action()."""

    parent = ""  # the name of the FK to the item
    actions = frozenset({"view"})

    def parent_model(self, model):
        return model._meta.get_field(self.parent).related_model

    def decide(self, user, perm, obj):
        action = self.check_perm(perm, type(obj))
        item = getattr(obj, self.parent)
        seen = policy_for(type(item)).decide(user, f"{item._meta.app_label}.view_{item._meta.model_name}", item)
        if not seen.allowed or action == "view":
            return seen
        return self.decide_action(user, action, obj, item, access_for(user, item.workspace))

    def decide_action(self, user, action, obj, item, access):  # pragma: no cover - subclasses with actions
        return Decision(False, "You do not have permission to do this.")

    def visible(self, user, queryset):
        parent = self.parent_model(queryset.model)
        seen = policy_for(parent).visible(user, parent._default_manager.all())
        return queryset.filter(**{f"{self.parent}__in": seen.values("pk")})

    def visible_in(self, access, queryset):
        parent = self.parent_model(queryset.model)
        seen = policy_for(parent).visible_in(access, parent._default_manager.all())
        return queryset.filter(**{f"{self.parent}__in": seen.values("pk")})

    def visible_under(self, user, item, queryset):
        """visible(..., within=item): the rows of `queryset` that belong to `item`, if the person
        sees it (decided as decide() does), narrowed by the children's own rule (shown_under)."""
        queryset = queryset.filter(**{self.parent: item})
        seen = policy_for(type(item)).decide(user, f"{item._meta.app_label}.view_{item._meta.model_name}", item)
        if not seen.allowed or (user.is_authenticated and not user.is_active):
            return queryset.none()
        return self.shown_under(access_for(user, item.workspace), queryset)

    def shown_under(self, access, queryset):
        """The children's own rule on top of their item's (none here): a subclass that hides some
        children (a post waiting for a moderator) narrows `queryset` here and in visible_in()."""
        return queryset

    def visible_to_many(self, users, queryset, only=None):
        parent_of = dict(queryset.values_list("pk", f"{self.parent}_id"))
        parent = self.parent_model(queryset.model)
        parent_only = None if only is None else {(u, parent_of[pk]) for u, pk in only if pk in parent_of}
        seen = policy_for(parent).visible_to_many(
            users, parent._default_manager.filter(pk__in=set(parent_of.values())), parent_only)
        children = defaultdict(list)
        for pk, parent_pk in parent_of.items():
            children[parent_pk].append(pk)
        found = {(user_id, pk) for user_id, parent_pk in seen for pk in children[parent_pk]}
        return found if only is None else found & set(only)


class SiteAdminPolicy(Policy):
    """Anything else (e.g. organisations): site admins only."""

    def decide(self, user, perm, obj):
        if getattr(user, "is_site_admin", False):
            return ALLOW
        return Decision(False, NOT_FOUND)

    def visible(self, user, queryset):
        return queryset if getattr(user, "is_site_admin", False) else queryset.none()

    def visible_in(self, access, queryset):
        return self.visible(access.user, queryset)


_policies = {}
_declared = set()  # models whose policy was registered (not a default)


def register_policy(model, policy):
    """Give a model its policy (a tool's Tool(policies=...) does this for it)."""
    _policies[model] = policy
    _declared.add(model)
    connect_policy_model(model)  # its saves and deletes change who sees what


def unregister_policy(model):
    _policies.pop(model, None)
    _declared.discard(model)


def declared_policies():
    """Model -> policy for every model with rules of its own: the workspace (the core's), and
    each one registered (the tools' Tool(policies=...), the horizontal apps' register_policy)."""
    return {Workspace: policy_for(Workspace), **{model: _policies[model] for model in _declared}}


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
