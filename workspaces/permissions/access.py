"""A user's standing in one workspace, loaded once per request and cached on the user."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.http import Http404

from ..models import Membership, Role, Workspace
from .roles import CAPABILITY_MIN_ROLE, WRITE_CAPABILITIES

_CACHE_ATTR = "_engage_access"


@dataclass
class WorkspaceAccess:
    workspace: Workspace
    user: object
    role: int | None
    is_site_admin: bool = False
    _team_group_ids: frozenset | None = field(default=None, repr=False)
    grant_cache: dict = field(default_factory=dict, repr=False)

    @property
    def is_member(self):
        return self.role is not None

    @property
    def effective_role(self):
        """Site admins act as managers everywhere."""
        return Role.MANAGER if self.is_site_admin else self.role

    @property
    def role_label(self):
        if self.role is not None:
            return Role(self.role).label
        return "Site admin" if self.is_site_admin else ""

    @property
    def is_manager(self):
        return (self.effective_role or 0) >= Role.MANAGER

    def has(self, capability):
        """Whether this person has a workspace capability (see roles.CAPABILITY_MIN_ROLE)."""
        if capability in WRITE_CAPABILITIES and self.workspace.is_archived:
            return False
        if capability == "view" and self.workspace.is_public:
            return True
        role = self.effective_role
        return role is not None and role >= CAPABILITY_MIN_ROLE[capability]

    @property
    def team_group_ids(self):
        """Ids of the auth groups of this workspace's teams the user is in (one query, lazily)."""
        if self._team_group_ids is None:
            if not self.user.is_authenticated:
                self._team_group_ids = frozenset()
            else:
                self._team_group_ids = frozenset(
                    self.user.groups.filter(team__workspace=self.workspace).values_list("id", flat=True)
                )
        return self._team_group_ids


def _cache(user):
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)
    return cache


def forget(user):
    """Drop cached access (after a role change within the same request, and in tests)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def access_for(user, workspace):
    """The user's WorkspaceAccess for a workspace object (one query the first time)."""
    cache = _cache(user)
    access = cache.get(workspace.pk)
    if access is None:
        role = None
        if user.is_authenticated:
            role = getattr(workspace, "_my_role", None) if hasattr(workspace, "_my_role") else (
                Membership.objects.filter(workspace=workspace, user=user).values_list("role", flat=True).first()
            )
        access = WorkspaceAccess(
            workspace=workspace, user=user, role=role, is_site_admin=getattr(user, "is_site_admin", False)
        )
        cache[workspace.pk] = access
    return access


def load_access(user, slug):
    """Resolve a workspace by slug together with the user's membership in one query."""
    qs = Workspace.objects.select_related("organisation")
    if user.is_authenticated:
        qs = qs.annotate(
            _my_role=Subquery(Membership.objects.filter(workspace=OuterRef("pk"), user=user.pk).values("role")[:1])
        )
    try:
        workspace = qs.get(slug=slug)
    except Workspace.DoesNotExist:
        raise Http404("No such workspace.")
    if not user.is_authenticated:
        workspace._my_role = None
    _cache(user).pop(workspace.pk, None)
    return access_for(user, workspace)
