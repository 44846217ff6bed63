"""Team pages: list, detail (members; managers add and remove them), create, edit, delete.

Teams are read by anyone who may see the members (view_members); changes need manage_teams,
which an archived workspace refuses (the decorator or require() gives the archived reason).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ..forms.teams import AddEmailsForm, AddSelectedForm, MemberSearchForm, RemoveMemberForm, TeamForm
from ..lib.forms import add_service_error
from ..lib.htmx import page_or_partial
from ..lib.pagination import paginate
from ..models import Role, Team
from ..permissions import can, require
from ..permissions.decorators import workspace_view
from ..selectors.teams import (
    resolve_team_emails,
    search_candidates,
    team_candidates,
    team_grant_count,
    team_members,
    teams_with_sizes,
)
from ..services.teams import team_create as create_team
from ..services.teams import team_delete as delete_team
from ..services.teams import team_set_members, team_update

MANAGE = "workspaces.manage_teams"


def _team_or_404(workspace, team_id):
    # Team ids from another workspace are "not found" here, like ids that do not exist.
    try:
        team = Team.objects.select_related("group").get(workspace=workspace, pk=team_id)
    except Team.DoesNotExist:
        raise Http404("No such team.") from None
    team.workspace = workspace  # already loaded with the request's access
    return team


def _crumbs(workspace, *more):
    return [
        (workspace.name, reverse("workspace_home", args=[workspace.slug])),
        ("Teams", reverse("team_list", args=[workspace.slug])),
        *more,
    ]


def _detail_url(team):
    return reverse("team_detail", args=[team.workspace.slug, team.pk])


@workspace_view("workspaces.view_members")
def team_list(request):
    workspace = request.workspace
    page = paginate(request, teams_with_sizes(workspace))
    context = {
        "workspace": workspace,
        "page_obj": page,
        "can_manage": can(request.user, MANAGE, workspace),
        "crumbs": _crumbs(workspace)[:1] + [("Teams", "")],
    }
    return page_or_partial(request, "workspaces/team_list.html", "workspaces/partials/_team_list.html", context)


@workspace_view(MANAGE)
def team_create(request):
    workspace = request.workspace
    form = TeamForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            team = create_team(
                actor=request.user, workspace=workspace, name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except IntegrityError:  # the same name taken by someone else at the same moment
            form.add_error("name", "This workspace already has a team with that name.")
        else:
            messages.success(request, f"Team “{team.name}” created. Now add its members.")
            return redirect(_detail_url(team))
    return render(
        request,
        "workspaces/team_form.html",
        {"workspace": workspace, "form": form, "team": None, "crumbs": _crumbs(workspace, ("New team", ""))},
    )


@workspace_view(MANAGE)
def team_edit(request, team_id):
    workspace = request.workspace
    team = _team_or_404(workspace, team_id)
    form = TeamForm(request.POST if request.method == "POST" else None, instance=team)
    if request.method == "POST" and form.is_valid():
        # ModelForm validation has written the new values onto the instance; the service
        # compares against the stored ones, so start again from the database row.
        stored = _team_or_404(workspace, team_id)
        try:
            team_update(
                actor=request.user, team=stored, name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except IntegrityError:
            form.add_error("name", "This workspace already has a team with that name.")
        else:
            messages.success(request, "Team saved.")
            return redirect(_detail_url(stored))
    if request.method == "POST":
        team = _team_or_404(workspace, team_id)  # show the saved name, not the refused one
    return render(
        request,
        "workspaces/team_form.html",
        {
            "workspace": workspace,
            "form": form,
            "team": team,
            "crumbs": _crumbs(workspace, (team.name, _detail_url(team)), ("Edit", "")),
        },
    )


@workspace_view(MANAGE)
def team_delete(request, team_id):
    workspace = request.workspace
    team = _team_or_404(workspace, team_id)
    if request.method == "POST":
        name = team.name
        delete_team(actor=request.user, team=team)
        messages.success(request, f"Team “{name}” deleted.")
        return redirect("team_list", workspace.slug)
    return render(
        request,
        "workspaces/team_delete.html",
        {
            "workspace": workspace,
            "team": team,
            "size": team.group.user_set.count(),
            "grant_count": team_grant_count(team),
            "crumbs": _crumbs(workspace, (team.name, _detail_url(team)), ("Delete", "")),
        },
    )


@workspace_view("workspaces.view_members")
def team_detail(request, team_id):
    workspace = request.workspace
    team = _team_or_404(workspace, team_id)
    can_manage = can(request.user, MANAGE, workspace)
    forms = {}
    report = None
    if request.method == "POST":
        require(request.user, MANAGE, workspace)
        outcome = _change_members(request, team)
        if not isinstance(outcome, dict):
            return outcome  # a redirect after a change that went through
        forms, report = outcome.get("forms", {}), outcome.get("report")

    search = MemberSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    candidates = search_candidates(team, query) if (can_manage and query) else []

    def page_context():
        members_page = paginate(request, team_members(team))
        members_page.object_list = list(members_page.object_list)
        for person in members_page.object_list:
            person.role_label = Role(person.role).label if person.role else ""
        return {
            "page_obj": members_page,
            "search_form": search,
            "select_form": forms.get("select") or AddSelectedForm(candidates=team_candidates(team)),
            "emails_form": forms.get("emails") or AddEmailsForm(),
            "report": report,
            "crumbs": _crumbs(workspace, (team.name, "")),
        }

    # The live search of people to add swaps in just its results (partial=candidates).
    page = "workspaces/team_detail.html"
    partial = "workspaces/partials/_team_candidates.html" if request.GET.get("partial") == "candidates" else page
    context = {"workspace": workspace, "team": team, "candidates": candidates, "query": query, "can_manage": can_manage}
    return page_or_partial(request, page, partial, context, page_context=page_context)


def _change_members(request, team):
    """Handle one of the three member forms. Returns a redirect when the change went through,
    or {"forms": ..., "report": ...} to show the page again with what was wrong."""
    action = request.POST.get("action")
    User = get_user_model()
    if action == "add_selected":
        form = AddSelectedForm(request.POST, candidates=team_candidates(team))
        if not form.is_valid():
            return {"forms": {"select": form}}
        users = list(form.cleaned_data["users"])
        team_set_members(actor=request.user, team=team, add_users=users)
        messages.success(request, f"Added {len(users)} {'person' if len(users) == 1 else 'people'} to {team.name}.")
        return redirect(_detail_url(team))
    if action == "add_emails":
        form = AddEmailsForm(request.POST)
        if not form.is_valid():
            return {"forms": {"emails": form}}
        report = resolve_team_emails(team, form.cleaned_data["emails"])
        if report.to_add:
            team_set_members(actor=request.user, team=team, add_users=[User(pk=pk) for pk in report.to_add])
        added = len(report.to_add)
        if added:
            messages.success(request, f"Added {added} {'person' if added == 1 else 'people'} to {team.name}.")
        if not report.problems:
            return redirect(_detail_url(team))
        # Show each address that could not be added, next to the form (the rest went in).
        return {"report": report, "forms": {"emails": AddEmailsForm()} if added else {"emails": form}}
    if action == "remove":
        form = RemoveMemberForm(request.POST)
        if form.is_valid():
            user = User.objects.filter(pk=form.cleaned_data["user"], groups=team.group_id).first()
            if user is not None:
                team_set_members(actor=request.user, team=team, remove_users=[user])
                messages.success(request, f"{user.name} is no longer in {team.name}.")
            else:
                messages.info(request, "That person was not in the team.")
            return redirect(_detail_url(team))
    messages.error(request, "That request was not understood. Nothing was changed.")
    return redirect(_detail_url(team))
