from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import permissions, registry
from ..forms.workspaces import WorkspaceCreateForm, WorkspaceSettingsForm
from ..kit.drafts import keeps_text, kept_form
from ..kit.views import confirmed
from ..lib.htmx import announced, page_or_partial, wants_partial
from ..lib.pagination import paginate
from ..licences import organisations_administered
from ..models import Organisation
from ..permissions.decorators import login_view, public_view, workspace_view
from ..selectors import home as dashboard
from ..selectors.site import all_organisations, all_workspaces
from ..selectors.workspaces import public_workspaces_not_joined, recent_activity, workspaces_for
from ..services.invitations import open_invitations_for
from ..services.workspaces import checklist_dismiss, workspace_update
from ..services.workspaces import workspace_create as create_workspace
from .feeds import feeds_context


@public_view
def home(request):
    """Signed in: your workspaces. Otherwise: what Engage is, and public workspaces."""
    if not request.user.is_authenticated:
        return render(request, "workspaces/landing.html", {"public": public_workspaces_not_joined(request.user)[:20]})
    site = {}
    if request.user.is_site_admin:
        # Site admins see the whole site: every workspace and organisation, a page of each.
        site = {"every_workspace": paginate(request, all_workspaces(), param="workspaces"),
                "every_organisation": paginate(request, all_organisations(), param="organisations")}
    return render(
        request,
        "workspaces/home.html",
        {
            **site,
            "workspaces": workspaces_for(request.user),
            "invitations": open_invitations_for(request.user),
            "public": public_workspaces_not_joined(request.user)[:20],
            "can_create": request.user.is_site_admin,
            # A site admin's organisations are all listed above, a page at a time.
            "administered": [] if site else organisations_administered(request.user),
            "admin_links": _admin_links(request.user),
        },
    )


def _admin_links(user):
    """(label, url, count) of the site admins' pages the apps offer."""
    if not user.is_site_admin:
        return []
    return [(link.label, reverse(link.url_name), link.count() if link.count else None)
            for link in registry.admin_links()]


@login_view
def workspace_create(request):
    if not request.user.is_site_admin:
        messages.error(request, "Only site admins can create workspaces. Ask your administrator.")
        return redirect("home")
    form = WorkspaceCreateForm(request.POST or None, initial={"organisation": Organisation.objects.first()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workspace = create_workspace(
                actor=request.user,
                organisation=data["organisation"],
                name=data["name"],
                slug=data["slug"],
                description=data["description"],
                visibility=data["visibility"],
            )
        except IntegrityError:  # two people took the same address at the same moment
            form.add_error("slug", "That web address was just taken. Choose another.")
        else:
            messages.success(request, f"Workspace “{workspace.name}” created. You are its manager.")
            return redirect(workspace)
    return render(request, "workspaces/workspace_create.html", {"form": form})


@workspace_view("workspaces.view_workspace")
def workspace_home(request):
    """A dashboard: what waits for you, what is new in each tool, your role in a sentence, and a
    new workspace's first steps for its managers (selectors.home)."""
    workspace, user = request.workspace, request.user
    tools = registry.enabled_tools(workspace)
    activities, _ = recent_activity(user, workspace, limit=5)
    waiting, waiting_links = dashboard.waiting_for(user, workspace)
    return render(request, "workspaces/workspace_home.html", {
        "workspace": workspace, "tools": tools, "activities": activities,
        "role_summary": dashboard.role_summary(request.access, tools),
        "checklist": dashboard.checklist(workspace, request.access),
        "waiting": waiting, "waiting_links": waiting_links,
        "blocks": dashboard.tool_blocks(user, workspace),
    })


@workspace_view("workspaces.change_workspace")
@require_POST
def checklist_dismiss_view(request):
    """Put away the getting-started checklist (a plain form POST: works without JavaScript)."""
    checklist_dismiss(actor=request.user, workspace=request.workspace)
    messages.success(request, "The getting-started list is put away. Members, teams and settings are in the "
                              "links beside it.")
    return redirect(request.workspace)


@workspace_view("workspaces.view_workspace")
def workspace_activity(request):
    before = request.GET.get("before")
    before_id = int(before) if before and before.isdigit() else None
    activities, next_before = recent_activity(request.user, request.workspace, limit=25, before_id=before_id)
    # "Older activity" swaps in the next page of activity (the focus moves to its list).
    page, partial = "workspaces/workspace_activity.html", "workspaces/partials/_activity_page.html"
    response = page_or_partial(request, page, partial, {
        "workspace": request.workspace, "activities": activities,
        "next_before": next_before,
        **feeds_context(request),  # following it in a feed reader (the full page only)
    })
    if before_id and wants_partial(request):
        count = len(activities)
        words = (f"{count} older {'entry' if count == 1 else 'entries'} shown." if count
                 else "None of these you may see; Older activity goes further back." if next_before
                 else "No older activity.")
        announced(response, words)
    return response


@workspace_view("workspaces.change_workspace")
@keeps_text
def workspace_settings(request):
    workspace = request.workspace
    form = kept_form(request, lambda data=None, **kwargs: WorkspaceSettingsForm(data, instance=workspace, **kwargs))
    if request.method == "POST" and form.is_valid():
        workspace_update(actor=request.user, workspace=workspace, **{f: form.cleaned_data[f] for f in form.Meta.fields})
        messages.success(request, "Settings saved.")
        return redirect(reverse("workspace_settings", args=[workspace.slug]))
    if request.method == "POST":
        # Keep the unsaved form, but not the half-applied values, on the shown workspace.
        workspace.refresh_from_db()
    return render(
        request,
        "workspaces/workspace_settings.html",
        {"workspace": workspace, "form": form,
         "can_manage_members": permissions.can(request.user, "workspaces.manage_members", workspace)},
    )


@workspace_view("workspaces.change_workspace")
def workspace_archive(request):
    """Archive the workspace, or bring it back, on a page of its own that says what follows.
    The form names its intention, so a second click (or a stale tab) never undoes the first."""
    workspace = request.workspace
    archiving = not workspace.is_archived
    settings_url = reverse("workspace_settings", args=[workspace.slug])
    if request.method == "POST" and request.POST.get("to") != ("archive" if archiving else "unarchive"):
        messages.info(request, f"{workspace.name} is already {'archived' if workspace.is_archived else 'open'}.")
        return redirect(settings_url)
    done, problem = confirmed(
        request, lambda: workspace_update(actor=request.user, workspace=workspace, is_archived=archiving))
    if done:
        messages.success(request, f"{workspace.name} is archived: read-only for everyone, and nobody is notified of it."
                         if archiving else f"{workspace.name} is open again: members can take part as before.")
        return redirect(settings_url)
    return render(request, "workspaces/workspace_archive.html", {
        "workspace": workspace, "archiving": archiving, "problem": problem, "cancel_url": settings_url,
        "danger": archiving,
        "crumbs": [(workspace.name, workspace.get_absolute_url()), ("Manage", settings_url),
                   ("Archive" if archiving else "Restore", "")],
    })
