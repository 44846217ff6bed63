"""Link pages. Each view declares its workspace permission; object checks go through
require() (selectors.get_link, through with_item); writes go through services."""

from copy import copy

from django.contrib import messages
from django.shortcuts import redirect, render

from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.views import crumbs, page_or_partial, tool_url, with_item, workspace_view
from workspaces.lib.pagination import paginate
from workspaces.permissions import can

from . import selectors, services
from .actions import link_actions
from .filters import LinkFilter
from .forms import LinkForm
from .models import Link


@workspace_view("links.view_link")
def index(request):
    workspace = request.workspace
    links = selectors.visible_links(request.user, workspace)
    filterset = LinkFilter(
        request.GET or None, queryset=links, request=request,
        tags=selectors.tag_names_in_use(request.user, workspace),
    )
    page = paginate(request, filterset.qs)
    filtered = filterset.is_active
    context = {
        "workspace": workspace,
        "filter": filterset,
        "page_obj": page,
        "filtered": filtered,
        # Only asked when the page is empty: tells "nothing yet" from "nothing matches".
        "any_links": bool(page.object_list) or (filtered and links.exists()),
        "crumbs": crumbs(request),
    }
    # htmx filtering swaps just the list.
    return page_or_partial(request, "links/link_list.html", "links/partials/_link_list.html", context)


@workspace_view("links.view_link")
@with_item(selectors.get_link)
def detail(request, link):
    return render(request, "links/link_detail.html", {
        "workspace": request.workspace, "link": link, "item": link, "actions": link_actions(request.user, link),
        "crumbs": crumbs(request, (link.title, "")),
    })


@workspace_view("links.add_link")
@keeps_text
def create(request):
    workspace = request.workspace
    form = kept_form(request, lambda data=None, **kwargs: LinkForm(data, workspace=workspace, **kwargs))
    if request.method == "POST" and form.is_valid():
        link = services.link_create(actor=request.user, workspace=workspace, **form.service_kwargs())
        messages.success(request, f"Link “{link.title}” added.")
        return redirect(link)
    return render(request, "links/link_form.html",
                  {"workspace": workspace, "form": form, "crumbs": crumbs(request, ("Add a link", ""))})


# Editing and deleting need at least the contributor capability in the workspace (readers are
# refused before any lookup); whether this person may change this link is the object check.
@workspace_view("links.add_link")
@with_item(selectors.get_link, "links.change_link")
@keeps_text
def edit(request, link):
    workspace = request.workspace
    # The form works on a copy: a rejected POST must not change the title shown in the page.
    access_editable = can(request.user, "links.restrict_link", link)
    form = kept_form(request, lambda data=None, **kwargs: LinkForm(
        data, instance=copy(link), workspace=workspace, access_editable=access_editable, **kwargs))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            link = services.link_update(
                actor=request.user, link=link, expected_version=form.cleaned_data["loaded_version"],
                **form.service_kwargs(),
            )
        except services.LinkConflict as exc:
            conflict = link = exc.current
            form = _conflict_form(request, conflict, workspace, access_editable)
        except Link.DoesNotExist:
            form.add_error(None, "Someone deleted this link while you were editing it, so your changes "
                                 "could not be saved. Copy anything you want to keep before leaving this page.")
        else:
            messages.success(request, f"Link “{link.title}” saved.")
            return redirect(link)
    return render(request, "links/link_form.html", {
        "workspace": workspace, "form": form, "link": link, "conflict": conflict, "access_editable": access_editable,
        "crumbs": crumbs(request, (link.title, link.get_absolute_url()), ("Edit", "")),
    })


def _conflict_form(request, current, workspace, access_editable):
    """The editor's own values, now based on the current version: saving again is a deliberate
    choice to replace the other person's change, made after seeing it."""
    data = request.POST.copy()
    data["loaded_version"] = str(current.version)
    form = LinkForm(data, instance=copy(current), workspace=workspace, access_editable=access_editable)
    form.is_valid()
    who = current.updated_by.name if current.updated_by else "Someone"
    form.add_error(
        None,
        f"{who} changed this link while you were editing it, so your changes have not been saved yet. "
        "Their version is shown below, and your text is still in the form under it: compare them, "
        "combine what you want to keep, and save again.",
    )
    return form


@workspace_view("links.add_link")
@with_item(selectors.get_link, "links.delete_link")
def delete(request, link):
    if request.method == "POST":
        title = link.title
        services.link_delete(actor=request.user, link=link)
        messages.success(request, f"Link “{title}” deleted.")
        return redirect(tool_url(request))
    return render(request, "links/link_delete.html", {
        "workspace": request.workspace, "link": link, "cancel_url": link.get_absolute_url(), "danger": True,
        "crumbs": crumbs(request, (link.title, link.get_absolute_url()), ("Delete", "")),
    })
