"""Reads for the permission review ("who can see and change what").

Every count is computed in SQL and every list is read a page at a time; per-item team grants
are loaded for a whole page in one query, never one query per item.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.urls import NoReverseMatch
from guardian.models import GroupObjectPermission

from .. import permissions, registry
from ..models import Access, Membership, Role, WorkspaceItem
from ..permissions.roles import CAPABILITY_MIN_ROLE

# --- Roles --------------------------------------------------------------------------------

CAPABILITY_WORDS = {
    "view": "Open the workspace and read the items open to all members or to their teams",
    "view_members": "See who the other members are and which teams there are",
    "contribute": "Add items, change items open to any contributor (or to a team they are in), "
    "and change or delete their own items",
    "moderate": "Work the moderation queue: approve, hide and restore what waits or was reported "
    "(members of the moderators team a manager names may too)",
    "manage_items": "See, change and delete every item, whatever it is limited to",
    "manage_members": "Invite people, change members' roles and remove members",
    "manage_teams": "Create, rename and delete teams, and choose who is in them",
    "change_settings": "Change the workspace's settings and tools, and archive it",
    "view_audit": "Read the audit log",
    "review_permissions": "Review who can see and change what (this page)",
    "see_member_contact": "See members' email addresses wherever people are listed",
}
ROLES = [Role.READER, Role.CONTRIBUTOR, Role.MANAGER]


def capability_rows():
    """[(plain words, [True/False per role in ROLES])], from the role → capability data itself."""
    rows = []
    for capability, min_role in CAPABILITY_MIN_ROLE.items():
        words = CAPABILITY_WORDS.get(capability, capability.replace("_", " ").capitalize())
        rows.append((words, [role >= min_role for role in ROLES]))
    return rows


def role_counts(workspace):
    """{Role: number of members with it}, in one query."""
    counts = Membership.objects.filter(workspace=workspace).aggregate(
        **{str(role.value): Count("pk", filter=Q(role=role)) for role in ROLES}
    )
    return [(role, counts[str(role.value)]) for role in ROLES]


# --- Restricted items ---------------------------------------------------------------------

RESTRICTED = ~Q(view_access=Access.ANYONE) | ~Q(change_access=Access.MEMBERS)


def item_models(workspace):
    """(tool, model) for each item model of each tool enabled in the workspace."""
    found = []
    for tool in registry.enabled_tools(workspace):
        for label in tool.item_models:
            try:
                model = apps.get_model(label)
            except (LookupError, ValueError):
                continue
            if issubclass(model, WorkspaceItem):
                found.append((tool, model))
    return found


@dataclass
class Section:
    """One page of one item model's restricted items, with the counts for the whole model."""

    tool: object
    model: object
    param: str
    total: int
    restricted: int
    view_limited: int
    change_limited: int
    page: object = None
    rows: list = field(default_factory=list)
    links: dict = field(default_factory=dict)  # previous/next page URLs, set by the view

    @property
    def title(self):
        if len(self.tool.item_models) == 1:
            return self.tool.name
        return f"{self.tool.name}: {self.model._meta.verbose_name_plural}"


@dataclass
class ItemRow:
    item: object
    url: str
    who_sees: str
    who_changes: str
    warnings: list


def _join(names):
    names = sorted(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _who_sees(item, view_teams, workspace):
    if item.view_access == Access.ANYONE:
        return "Anyone, including people who are not signed in" if workspace.is_public else "All members"
    if item.view_access == Access.MEMBERS:
        return "Members only, not visitors" if workspace.is_public else "All members"
    # The author always sees their own item while they are a member (ItemPolicy.can_view).
    if item.view_access == Access.TEAMS and view_teams:
        return f"Managers, the author, and members of {_join(view_teams)}"
    return "Managers and the author"


def _who_changes(item, change_teams):
    if item.change_access == Access.MEMBERS:
        return "Any contributor"
    if item.change_access == Access.TEAMS and change_teams:
        return f"Managers, the author, and contributors in {_join(change_teams)}"
    return "Managers and the author"


def _url(item):
    try:
        return item.get_absolute_url() if hasattr(item, "get_absolute_url") else ""
    except NoReverseMatch:  # a tool whose pages are not there (yet)
        return ""


def _grants(workspace, model, items):
    """{(pk text, "view"|"change"): [team names]} for a page of items, in one query."""
    grants = {}
    if not items:
        return grants
    rows = GroupObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_pk__in=[str(item.pk) for item in items],
        group__team__workspace=workspace,
    ).values_list("object_pk", "permission__codename", "group__team__name")
    for object_pk, codename, team_name in rows:
        action = codename.partition("_")[0]
        grants.setdefault((object_pk, action), []).append(team_name)
    return grants


def restricted_sections(user, workspace, get_params, per_page):
    """One Section per enabled item model: counts (one aggregate query per model), and the
    requested page of its restricted items with who can see and change each (two queries)."""
    sections = []
    for tool, model in item_models(workspace):
        param = f"page_{model._meta.app_label}_{model._meta.model_name}"
        items = permissions.visible(user, model._default_manager.all(), within=workspace)
        counts = items.aggregate(
            total=Count("pk"),
            restricted=Count("pk", filter=RESTRICTED),
            view_limited=Count("pk", filter=~Q(view_access=Access.ANYONE)),
            change_limited=Count("pk", filter=~Q(change_access=Access.MEMBERS)),
        )
        section = Section(tool=tool, model=model, param=param, **counts)
        if section.restricted:
            paginator = Paginator(
                items.filter(RESTRICTED).select_related("created_by").order_by("-created_at", "-pk"), per_page
            )
            paginator.count = section.restricted  # known already; skips a COUNT query
            section.page = paginator.get_page(get_params.get(param))
            page_items = list(section.page.object_list)
            limited = [i for i in page_items if Access.TEAMS in (i.view_access, i.change_access)]
            grants = _grants(workspace, model, limited)
            for item in page_items:
                item.workspace = workspace  # for get_absolute_url, without a query per item
                view_teams = grants.get((str(item.pk), "view"), [])
                change_teams = grants.get((str(item.pk), "change"), [])
                warnings = []
                if item.view_access == Access.TEAMS and not view_teams:
                    warnings.append(
                        "Limited to teams, but no team is chosen any more: only managers and the author can see it."
                    )
                if item.change_access == Access.TEAMS and not change_teams:
                    warnings.append("Limited to teams, but no team is chosen any more.")
                section.rows.append(
                    ItemRow(
                        item=item,
                        url=_url(item),
                        who_sees=_who_sees(item, view_teams, workspace),
                        who_changes=_who_changes(item, change_teams),
                        warnings=warnings,
                    )
                )
        sections.append(section)
    return sections
