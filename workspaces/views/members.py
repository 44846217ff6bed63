"""The member directory, and managers changing a member's role or removing them."""

from django.contrib import messages
from django.contrib.auth.models import Group
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .. import permissions
from ..forms.members import MemberFilterForm, MemberRoleForm
from ..kit.keyset import first_page_url, keyset_page
from ..lib.htmx import page_or_partial
from ..models import Membership, Role
from ..permissions.decorators import workspace_view
from ..services.memberships import LastManagerError, membership_change_role, membership_remove

# The directory's order: by name (a blank display name first, as the database sorts it), then by
# email address, which is unique, so the order is total and a keyset can resume from any row.
# accounts_user has an index on exactly these columns (user_name_email_idx).
DIRECTORY_ORDER = ("user__display_name", "user__email")

# A search or filter counts its matches up to this many; past it the page says "more than".
MATCH_COUNT_CAP = 1000


def _directory(workspace):
    """Members of a workspace with their user and their teams in this workspace: a page costs
    one query for the rows and one for all their teams, however many members there are, and
    however deep the page (keyset pagination, workspaces.kit.keyset)."""
    return (
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__groups",
                queryset=Group.objects.filter(team__workspace=workspace).select_related("team").order_by("team__name"),
                to_attr="workspace_groups",
            )
        )
        .order_by(*DIRECTORY_ORDER)
    )


@workspace_view("workspaces.view_members")
def member_list(request):
    workspace = request.workspace
    can_manage = permissions.can(request.user, "workspaces.manage_members", workspace)
    # Email addresses only for whom the one rule allows (permissions.people): others may search
    # and see names and organisations only.
    show_contact = permissions.sees_contacts(request.user, workspace)
    form = MemberFilterForm(request.GET or None, workspace=workspace, search_email=show_contact)
    if "page" in request.GET:
        # Numbered pages (?page=4000) were an OFFSET, the cost this directory no longer pays: an
        # old link or bookmark starts again at the first page, its search and filters kept.
        return redirect(first_page_url(request))
    memberships = form.filter(_directory(workspace))
    # Unfiltered, the denormalised count spares a COUNT(*) over a very large membership;
    # filtered, the matches are counted only up to a cap.
    page = keyset_page(
        request, memberships, DIRECTORY_ORDER,
        total=None if form.active else workspace.member_count, count_cap=MATCH_COUNT_CAP,
    )
    if page is None:  # the row a Next/Previous link started from has left the list
        return redirect(first_page_url(request))
    context = {
        "workspace": workspace,
        "form": form,
        "page_obj": page,
        "can_manage": can_manage,
        "show_contact": show_contact,
        "filtered": form.active,
    }
    # htmx live search swaps in just the results; a history restore or a plain GET gets the page.
    return page_or_partial(request, "workspaces/member_list.html", "workspaces/partials/_member_results.html", context)


def _membership(request, membership_id):
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, workspace=request.workspace
    )


@workspace_view("workspaces.manage_members")
def member_edit(request, membership_id):
    workspace = request.workspace
    membership = _membership(request, membership_id)
    form = MemberRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        new_role = Role(form.cleaned_data["role"])
        try:
            membership_change_role(actor=request.user, membership=membership, role=new_role)
        except LastManagerError as error:
            form.add_error("role", error.messages[0])
        else:
            messages.success(request, f"{membership.user.name} is now a {new_role.label.lower()}.")
            return redirect(reverse("member_list", args=[workspace.slug]))
    return render(
        request,
        "workspaces/member_edit.html",
        {"workspace": workspace, "membership": membership, "form": form,
         "is_self": membership.user_id == request.user.pk},
    )


@workspace_view("workspaces.manage_members")
def member_remove(request, membership_id):
    workspace = request.workspace
    membership = _membership(request, membership_id)
    error = ""
    if request.method == "POST":
        try:
            membership_remove(actor=request.user, membership=membership)
        except LastManagerError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, f"{membership.user.name} was removed from {workspace.name}.")
            if membership.user_id == request.user.pk:
                return redirect("home")  # they left: the member list is no longer theirs to see
            return redirect(reverse("member_list", args=[workspace.slug]))
    is_self = membership.user_id == request.user.pk
    return render(
        request,
        "workspaces/member_remove.html",
        {"workspace": workspace, "membership": membership, "error": error, "is_self": is_self,
         # Said before the click, not only after it is refused: the last manager cannot leave.
         "last_manager": membership.role == Role.MANAGER and not Membership.objects.filter(
             workspace=workspace, role=Role.MANAGER).exclude(pk=membership.pk).exists()},
    )
