"""The permission review: for managers, who can see and change what in their workspace."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from ..permissions.decorators import workspace_view
from ..selectors.permissions_review import ROLES, capability_rows, restricted_sections, role_counts
from ..selectors.teams import teams_with_sizes


def _page_links(request, param, page):
    """Previous/next links for one of several paginated sections on the page."""
    links = {}
    for name, has, number in (
        ("previous", page.has_previous, page.number - 1),
        ("next", page.has_next, page.number + 1),
    ):
        if has():
            query = request.GET.copy()
            query[param] = number
            links[name] = "?" + query.urlencode()
    return links


@workspace_view("workspaces.review_permissions")
def permission_review(request):
    workspace = request.workspace
    per_page = settings.ENGAGE_PAGE_SIZE
    sections = restricted_sections(request.user, workspace, request.GET, per_page)
    for section in sections:
        if section.page is not None:
            section.links = _page_links(request, section.param, section.page)
    teams = teams_with_sizes(workspace)
    teams_page = Paginator(teams, per_page).get_page(request.GET.get("page_teams"))
    return render(
        request,
        "workspaces/permission_review.html",
        {
            "workspace": workspace,
            "roles": role_counts(workspace),
            "capabilities": capability_rows(),
            "role_count": len(ROLES),
            "sections": sections,
            "teams_page": teams_page,
            "teams_links": _page_links(request, "page_teams", teams_page),
            "crumbs": [
                (workspace.name, reverse("workspace_home", args=[workspace.slug])),
                ("Manage", reverse("workspace_settings", args=[workspace.slug])),
                ("Who can see and change what", ""),
            ],
        },
    )
