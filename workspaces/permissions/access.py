"""A user's standing in one workspace, loaded once per request and cached on the user.

Licences: in an organisation with licensing on, a member without a current licence counts as a
non-member for every check (their role is kept aside in `lapsed_role`); site admins need none.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from ..models import Licence, Membership, OrganisationMembership, Role, Workspace
from .roles import CAPABILITY_MIN_ROLE, WRITE_CAPABILITIES

_CACHE_ATTR = "_engage_access"


@dataclass
class WorkspaceAccess:
    workspace: Workspace
    user: object
    role: int | None
    is_site_admin: bool = False
    lapsed_role: int | None = None  # their role, while it is suspended for want of a licence
    _team_group_ids: frozenset | None = field(default=None, repr=False)
    _on_moderators_team: bool | None = field(default=None, repr=False)
    grant_cache: dict = field(default_factory=dict, repr=False)

    @property
    def is_member(self):
        return self.role is not None

    @property
    def licence_lapsed(self):
        """A member kept out because they hold no current licence in the organisation."""
        return self.lapsed_role is not None

    @property
    def has_licence(self):
        return not self.licence_lapsed

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
        if role is None:
            return False
        if role >= CAPABILITY_MIN_ROLE[capability]:
            return True
        return capability == "moderate" and self.on_moderators_team

    @property
    def on_moderators_team(self):
        """A member in the moderators team a manager named (moderates with the managers): one
        query, lazily, only when a workspace has such a team and someone asks."""
        if self._on_moderators_team is None:
            team_id = self.workspace.moderators_team_id
            self._on_moderators_team = bool(
                team_id and self.is_member and self.user.is_authenticated
                and self.user.groups.filter(team__pk=team_id).exists()
            )
        return self._on_moderators_team

    @property
    def loaded_team_group_ids(self):
        """team_group_ids if already read on this request, else None (costs nothing)."""
        return self._team_group_ids

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


def current_licences(today=None):
    """Licences that give access today: not released, and today within the pool's dates."""
    today = today or timezone.localdate()
    return Licence.objects.filter(
        released_at__isnull=True, pool__valid_from__lte=today, pool__valid_until__gte=today
    )


def licence_ok(user_id, path):
    """An SQL condition on the queried model: the organisation at `path` ("organisation",
    "workspace__organisation") does not require licences, or the user holds a current one there."""
    held = current_licences().filter(organisation=OuterRef(path), user=user_id)
    return Q(**{f"{path}__licensing_enabled": False}) | Q(Exists(held))


def licensed_memberships(user_id):
    """The user's memberships that count now (every list's "member of" starts here)."""
    return Membership.objects.filter(user=user_id).filter(licence_ok(user_id, "workspace__organisation"))


def counting_memberships(workspace):
    """The workspace's memberships that count now: active people with a current licence where
    the organisation requires one (site admins need none). One SQL condition, for counting and
    chunking "every member" (announcements, fan-outs); the same rule as access_for and standing."""
    licensed = licence_ok(OuterRef("user_id"), "workspace__organisation")
    return Membership.objects.filter(workspace=workspace, user__is_active=True).filter(
        Q(user__is_superuser=True) | licensed)


def standing(user_ids, workspace_ids):
    """{(user id, workspace id): role} for the memberships of these people in these workspaces
    that count now (licence current): one query, for questions asked of many people at once."""
    rows = Membership.objects.filter(user_id__in=list(user_ids))
    if workspace_ids is not None:  # None: every workspace they belong to
        rows = rows.filter(workspace_id__in=list(workspace_ids))
    rows = (
        rows
        .annotate(_ok=ExpressionWrapper(licence_ok(OuterRef("user_id"), "workspace__organisation"),
                                        output_field=BooleanField()))
        .values_list("user_id", "workspace_id", "role", "_ok")
    )
    return {(u, w): role for u, w, role, ok in rows if ok}


def standing_of(users, workspace_ids):
    """standing() asked with the people themselves: one person's memberships are read once (all
    of them; a person belongs to few workspaces) and kept with their access for the rest of the
    request, so a page asking about several kinds of item (notifications) pays one query."""
    users = list(users)
    if len(users) != 1:
        return standing([u.pk for u in users], workspace_ids)
    user = users[0]
    cache = _cache(user)
    if "standing" not in cache:
        cache["standing"] = {w: role for (_, w), role in standing([user.pk], None).items()}
    known = cache["standing"]
    return {(user.pk, w): known[w] for w in workspace_ids if w in known}


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
        role, licensed = None, True
        if user.is_authenticated:
            if hasattr(workspace, "_my_role"):
                role, licensed = workspace._my_role, getattr(workspace, "_my_licence_ok", True)
            else:
                row = (
                    Membership.objects.filter(workspace=workspace, user=user)
                    .annotate(_ok=ExpressionWrapper(licence_ok(user.pk, "workspace__organisation"),
                                                    output_field=BooleanField()))
                    .values_list("role", "_ok")
                    .first()
                )
                if row is not None:
                    role, licensed = row
        is_site_admin = getattr(user, "is_site_admin", False)
        lapsed_role = None
        if role is not None and not licensed and not is_site_admin:
            role, lapsed_role = None, role
        access = WorkspaceAccess(
            workspace=workspace, user=user, role=role, is_site_admin=is_site_admin, lapsed_role=lapsed_role
        )
        cache[workspace.pk] = access
    return access


def is_organisation_admin(user, organisation):
    """Whether the user is one of the organisation's (licence) admins: one query the first
    time, cached with their workspace access (organisation_view primes it)."""
    if not user.is_authenticated:
        return False
    key = ("organisation_admin", organisation.pk)
    cache = _cache(user)
    if key not in cache:
        cache[key] = OrganisationMembership.objects.filter(organisation=organisation, user=user.pk,
                                                           is_admin=True).exists()
    return cache[key]


def note_organisation_admin(user, organisation, is_admin):
    """Prime is_organisation_admin with what a query already found (organisation_view)."""
    _cache(user)[("organisation_admin", organisation.pk)] = bool(is_admin)


def load_access(user, slug):
    """Resolve a workspace by slug together with the user's membership and licence in one query."""
    qs = Workspace.objects.select_related("organisation")
    if user.is_authenticated:
        qs = qs.annotate(
            _my_role=Subquery(Membership.objects.filter(workspace=OuterRef("pk"), user=user.pk).values("role")[:1]),
            _my_licence_ok=ExpressionWrapper(licence_ok(user.pk, "organisation"),
                                             output_field=BooleanField()),
        )
    try:
        workspace = qs.get(slug=slug)
    except Workspace.DoesNotExist:
        raise Http404("No such workspace.") from None
    if not user.is_authenticated:
        workspace._my_role = None
    _cache(user).pop(workspace.pk, None)
    return access_for(user, workspace)
