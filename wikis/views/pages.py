"""The wiki's front page, a page, and adding and editing pages (with preview and the
no-lost-edits conflict handling)."""

from copy import copy

from django.shortcuts import render

from workspaces.kit.drafts import keeps_text
from workspaces.kit.views import EditorPage, editing, workspace_view
from workspaces.lib.pagination import paginate
from workspaces.permissions import can

from .. import markup, selectors, services
from ..actions import page_actions
from ..forms import PageCreateForm, PageEditForm
from ..models import MAX_TEXT_LENGTH
from .common import crumbs, index_url, page_url, with_page

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
            "workspace": request.workspace, "page": page, "item": page, "subpages": subpages,
            "actions": page_actions(request.user, page),
            "page_html": selectors.resolve_wikilinks(request.user, request.workspace, page.html),
            "crumbs": crumbs(request, page),
        },
    )


def _render(request, text):
    """The preview: the text rendered, its [[links]] resolved."""
    return selectors.resolve_wikilinks(request.user, request.workspace, markup.render(text)[0])


PAGES = EditorPage(
    noun="page", prefix="wiki", text_class="wiki-text", max_length=MAX_TEXT_LENGTH, render=_render,
    created="Page “{item.title}” created.", saved="Page “{item.title}” saved.", history="The page history",
    revision_word="revision", same_title=SAME_MOMENT, check=services.check_text,
)


@workspace_view("wikis.add_page")
@keeps_text
def create(request):
    workspace, user = request.workspace, request.user

    def make_form(data=None, **kwargs):
        return PageCreateForm(data, workspace=workspace, user=user, **kwargs)

    return PAGES.respond(
        request, "wikis:create", make_form, template="wikis/page_form.html", initial=_create_initial(request),
        context={"workspace": workspace, "cancel_url": index_url(workspace),
                 "crumbs": crumbs(request, None, ("New page", ""))},
        save=lambda form: services.page_create(actor=user, workspace=workspace, **form.service_kwargs()))


def _create_initial(request):
    """A missing [[link]] opens the form with its title; "Add a subpage" with its parent."""
    initial = {"title": " ".join(request.GET.get("title", "").split())[:200]}
    parent_slug = request.GET.get("parent", "")
    if parent_slug:
        parent = selectors.live_pages(request.user, request.workspace).filter(slug=parent_slug).only("id").first()
        initial["parent"] = parent.pk if parent else None
    return initial


@workspace_view("wikis.add_page")
@with_page("wikis.change_page", deleted=editing)
@keeps_text
def edit(request, page):
    workspace = request.workspace
    # Who may see or change a page is decided by its author and the managers; other editors
    # change its text only.
    access_editable = can(request.user, "wikis.restrict_page", page)

    def make_form(data=None, current=page, **kwargs):
        return PageEditForm(data, instance=copy(current), workspace=workspace, access_editable=access_editable,
                            **kwargs)

    return PAGES.respond(
        request, f"wikis:edit:{page.pk}", make_form, template="wikis/page_form.html", item=page,
        context={"workspace": workspace, "page": page, "access_editable": access_editable,
                 "cancel_url": page_url(page), "crumbs": crumbs(request, page, ("Edit", ""))},
        save=lambda form: services.page_update(actor=request.user, page=page, **form.service_kwargs()))
