"""The wiki's front page, a page, and adding and editing pages (with preview and the
no-lost-edits conflict handling)."""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from workspaces.kit.drafts import Editor, keeps_text
from workspaces.kit.services import normalise_text
from workspaces.kit.views import (
    attempt,
    conflict_context,
    conflict_form,
    preview,
    saved_message,
    workspace_view,
)
from workspaces.lib.pagination import paginate
from workspaces.permissions import can

from .. import markup, selectors, services
from ..forms import PageCreateForm, PageEditForm
from ..models import MAX_TEXT_LENGTH
from .common import crumbs, page_url, with_page

DELETED_WHILE_EDITING = (
    "A manager deleted this page while you were editing it, so your changes could not be saved. Your text is "
    "still in the box below: copy anything you want to keep."
)
SAME_MOMENT = "Someone added a page with the same title at the same moment. Check the title and save again."


@workspace_view("wikis.view_page")
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
        "crumbs": crumbs(request),
    }
    return render(request, "wikis/page_index.html", context)


@workspace_view("wikis.view_page")
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


def _preview(request, form, make_form, context):
    """Show the posted text rendered (links resolved), save nothing; a text too long to save
    is not rendered either: the preview says why."""
    text = normalise_text(form.data.get("text", ""))
    context.update(form=form, text_class="wiki-text")
    try:
        services.check_text(text)
    except ValidationError as too_long:
        return preview(request, "", template="wikis/page_form.html", context=context, make_form=make_form,
                       error=" ".join(too_long.messages))
    page_html, _ = markup.render(text)
    return preview(request, selectors.resolve_wikilinks(request.user, request.workspace, page_html),
                   template="wikis/page_form.html", context=context, make_form=make_form)


@workspace_view("wikis.add_page")
@keeps_text
def create(request):
    workspace, user = request.workspace, request.user

    def make_form(data=None, **kwargs):
        return PageCreateForm(data, workspace=workspace, user=user, **kwargs)

    editor = Editor(request, key="wikis:create", noun="page", max_length=MAX_TEXT_LENGTH)
    form = editor.form(make_form, initial=_create_initial(request))
    context = {"workspace": workspace, "editor": editor, "crumbs": crumbs(request, None, ("New page", ""))}
    if request.method == "POST" and "preview" in request.POST:
        return _preview(request, form, make_form, context)
    if request.method == "POST" and form.is_valid():
        new_page = attempt(form, lambda: services.page_create(actor=user, workspace=workspace, **form.service_kwargs()),
                           same_title=SAME_MOMENT)
        if new_page is not None:
            editor.saved()
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


@workspace_view("wikis.add_page")
@with_page("wikis.change_page", deleted=_edit_mode)
@keeps_text
def edit(request, page):
    workspace = request.workspace
    # Who may see or change a page is decided by its author and the managers; other editors
    # change its text only.
    access_editable = can(request.user, "wikis.restrict_page", page)

    def make_form(data=None, current=page, **kwargs):
        return PageEditForm(data, instance=copy(current), workspace=workspace, access_editable=access_editable,
                            **kwargs)

    editor = Editor(request, key=f"wikis:edit:{page.pk}", noun="page", max_length=MAX_TEXT_LENGTH,
                    version=page.version, text=page.text)
    form = editor.form(make_form)
    context = {
        "workspace": workspace, "page": page, "access_editable": access_editable, "editor": editor,
        "crumbs": crumbs(request, page, ("Edit", "")),
    }
    if request.method == "POST" and "preview" in request.POST:
        return _preview(request, form, make_form, context)
    if request.method == "POST" and page.is_deleted:
        form.is_valid()
        form.add_error(None, DELETED_WHILE_EDITING)
    elif request.method == "POST" and form.is_valid():
        try:
            saved = services.page_update(actor=request.user, page=page, **form.service_kwargs())
        except services.PageConflict as conflict:
            form = conflict_form(request, conflict, make_form, noun="page")
            context.update(page=conflict.current, conflict=conflict_context(
                conflict, noun="page", revision_word="revision", url=page_url(conflict.current)))
        except services.PageGone:
            form.add_error(None, DELETED_WHILE_EDITING)
        else:
            editor.saved()
            saved_message(request, saved, noun="page", saved_text=f"Page “{saved.page.title}” saved.",
                          history="The page history")
            return redirect(saved.page)
    context["form"] = form
    return render(request, "wikis/page_form.html", context)
