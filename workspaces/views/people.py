"""Member suggestions for the editor's @mentions and the people pickers (static/js/people.js).

GET /w/<workspace>/members/suggest/?q=ri[&role=contributor] answers JSON:
{"members": [{"handle": "rita", "name": "Rita Reader", "email": "..."}]} with at most eight
members of this workspace; the email only for whom the one contact rule allows
(permissions.people). Only those who may see the member directory get an answer."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .. import permissions
from ..models import Role
from ..permissions.decorators import workspace_view
from ..selectors.people import handle_of, member_suggestions

ROLES = {"contributor": Role.CONTRIBUTOR, "manager": Role.MANAGER}


@workspace_view("workspaces.view_members")
@require_GET
def member_suggest(request):
    workspace = request.workspace
    show_contact = permissions.sees_contacts(request.user, workspace)
    users = member_suggestions(workspace, request.GET.get("q", ""), sees_contacts=show_contact,
                               min_role=ROLES.get(request.GET.get("role", "")))
    members = []
    for user in users:
        member = {"handle": handle_of(user), "name": user.name}
        if show_contact:
            member["email"] = user.email
        members.append(member)
    response = JsonResponse({"members": members})
    response["Cache-Control"] = "private, no-store"  # who is a member changes; never cache it
    return response
