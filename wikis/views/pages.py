"""The wiki's front page, a page, and adding and editing pages (with preview and the
no-lost-edits conflict handling)."""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.text import get_text_list

from workspaces.lib.diff import diff_texts
from workspaces.lib.forms import add_service_error
from workspaces.lib.pagination import paginate
from workspaces.permissions import can
from workspaces.permissions.decorators import workspace_view

from .. import markup, selectors, services
from ..forms import PageCreateForm, PageEditForm
from ..models import MAX_TEXT_LENGTH
from .common import crumbs, unbound_copy, with_page

DELETED_WHILE_EDITING = (
    "A manager deleted this page while you were editing it, so your changes could not be saved. Your text is "
    "still in the box below: copy anything you want to keep."
)
SAME_MOMENT = "Someone added a page with the same title at the same moment. Check the title and save again."


@workspace_view("wikis.view_page", tool="wikis")
def index(request):
    workspace, user = request.workspace, request.user
    query = " ".join(request.GET.get("q", "").split())[:200]
    if query:
        page_obj = paginate(request, selectors.search_pages(user, workspace, query))
    else:
        page_obj = paginate(request, selectors.top_pages(user, workspace))
        page_obj.object_list = selectors.attach_children(user, workspace, page_obj.object_list)
    context = {
        "workspace": workspace, "page_obj": page_obj, "query": query,
        # Only asked when nothing is listed: tells "no pages yet" from "nothing matches".
        "any_pages": bool(page_obj.object_list) or (bool(query) and selectors.live_pages(user, workspace).exists()),
        "crumbs": crumbs(request)[:-1] + [("Wiki", "")],
    }
    return render(request, "wikis/page_index.html", context)


@workspace_view("wikis.view_page", tool="wikis")
@with_page(deleted="show")
def page(request, page):
    subpages = paginate(request, selectors.subpages(request.user, page))
    return render(
        request,
        "wikis/page_detail.html",
        {
            "workspace": request.workspace, "page": page, "subpages": subpages,
            "page_html": selectors.resolve_wikilinks(request.user, request.workspace, page.html),
            "crumbs": crumbs(request, page),
        },
    )


def _preview(request, form, make_form, template, context):
    """Show the posted text rendered, save nothing. htmx gets just the preview; without
    JavaScript the whole form comes back with the preview under it."""
    text = services.normalise_text(form.data.get("text", ""))[:MAX_TEXT_LENGTH]
    page_html, _ = markup.render(text)
    preview = selectors.resolve_wikilinks(request.user, request.workspace, page_html)
    if request.htmx:
        response = render(request, "wikis/partials/_preview.html", {"preview": preview, "previewed": True})
    else:
        context.update(form=unbound_copy(form, make_form), preview=preview, previewed=True)
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@workspace_view("wikis.add_page", tool="wikis")
def create(request):
    workspace, user = request.workspace, request.user

    def make_form(data=None, **kwargs):
        return PageCreateForm(data, workspace=workspace, user=user, **kwargs)

    if request.method == "POST":
        form = make_form(request.POST)
    else:
        form = make_form(initial=_create_initial(request))
    context = {"workspace": workspace, "crumbs": crumbs(request, None, ("New page", ""))}
    if request.method == "POST" and "preview" in request.POST:
        return _preview(request, form, make_form, "wikis/page_form.html", context)
    if request.method == "POST" and form.is_valid():
        try:
            new_page = services.page_create(actor=user, workspace=workspace, **form.service_kwargs())
        except ValidationError as exc:
            add_service_error(form, exc)
        except IntegrityError:
            form.add_error("title", SAME_MOMENT)
        else:
            messages.success(request, f"Page “{new_page.title}” created.")
            return redirect(new_page)
    context["form"] = form
    return render(request, "wikis/page_form.html", context)


def _create_initial(request):
    """A missing [[link]] opens the form with its title; "Add a subpage" with its parent."""
    initial = {"title": " ".join(request.GET.get("title", "").split())[:200]}
    parent_slug = request.GET.get("parent", "")
    if parent_slug:
        parent = selectors.live_pages(request.user, request.workspace).filter(slug=parent_slug).only("id").first()
        initial["parent"] = parent.pk if parent else None
    return initial


def _edit_mode(request):
    return "as_live" if request.method == "POST" else "hide"


@workspace_view("wikis.add_page", tool="wikis")
@with_page("wikis.change_page", deleted=_edit_mode)
def edit(request, page):
    workspace = request.workspace
    # Who may see or change a page is decided by its author and the managers; other editors
    # change its text only.
    access_editable = can(request.user, "wikis.restrict_page", page)

    def make_form(data=None, current=page, **kwargs):
        return PageEditForm(data, instance=copy(current), workspace=workspace, access_editable=access_editable, **kwargs)

    form = make_form(request.POST or None)
    context = {
        "workspace": workspace, "page": page, "access_editable": access_editable,
        "crumbs": crumbs(request, page, ("Edit", "")),
    }
    if request.method == "POST" and "preview" in request.POST:
        return _preview(request, form, make_form, "wikis/page_form.html", context)
    if request.method == "POST" and page.is_deleted:
        form.is_valid()
        form.add_error(None, DELETED_WHILE_EDITING)
    elif request.method == "POST" and form.is_valid():
        try:
            saved = services.page_update(actor=request.user, page=page, **form.service_kwargs())
        except services.PageConflict as conflict:
            form = _conflict_form(request, conflict, make_form)
            context.update(page=conflict.current, conflict=_conflict_view(conflict))
        except services.PageGone:
            form.add_error(None, DELETED_WHILE_EDITING)
        else:
            _saved_message(request, saved)
            return redirect(saved.page)
    context["form"] = form
    return render(request, "wikis/page_form.html", context)


def _saved_message(request, saved):
    if saved.merged_with:
        names = get_text_list(saved.merged_with, "and")
        if saved.revised:
            messages.success(
                request,
                f"Saved. {names[0].upper() + names[1:]} also changed this page while you were editing it; the changes "
                "did not overlap with yours, so both have been kept. The page history shows each change.",
            )
        else:
            messages.info(request, f"Nothing new to save: {names} had already made the same changes.")
    elif saved.revised:
        messages.success(request, f"Page “{saved.page.title}” saved.")
    else:
        messages.info(request, "There were no changes to save.")


def _conflict_form(request, conflict, make_form):
    """The editor's own text, now based on the current version: saving it again is a
    deliberate choice, made after seeing the other changes."""
    data = request.POST.copy()
    data["loaded_version"] = str(conflict.current.version)
    form = make_form(data, current=conflict.current)
    form.is_valid()
    names = get_text_list(conflict.others, "and") or "Someone"
    form.add_error(
        None,
        f"{names[0].upper() + names[1:]} changed this page while you were editing it, and some of their changes "
        "overlap with yours, so nothing has been saved yet. Your text is still in the box below. Compare the "
        "overlapping parts, combine what you want to keep in the box, and save again.",
    )
    return form


def _conflict_view(conflict):
    return {
        "current": conflict.current,
        "others": conflict.others,
        "their_changes": diff_texts(conflict.base.text, conflict.current.text) if conflict.base else None,
        "overlaps": [
            {"line": c.line, "theirs": "\n".join(c.theirs), "yours": "\n".join(c.yours)} for c in conflict.merge.conflicts
        ],
        "base_version": conflict.base.number if conflict.base else None,
    }
