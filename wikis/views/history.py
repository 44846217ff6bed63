"""A page's history, differences between revisions, old revisions and restoring them, and the
recent changes of the whole wiki."""

from django.contrib import messages
from django.shortcuts import redirect, render

from workspaces.kit.compare import compare_context
from workspaces.kit.views import compared_numbers, revisions_page, workspace_view
from workspaces.lib.pagination import paginate_without_total

from .. import selectors, services
from .common import crumbs, page_url, with_page


@workspace_view("wikis.view_page")
@with_page(deleted="show")
def history(request, page):
    return revisions_page(request, selectors.history(page), template="wikis/page_history.html", context={
        "workspace": request.workspace, "page": page, "item": page, "word": "revision",
        "compare_url": page_url(page, "diff"), "back_url": page_url(page),
        "crumbs": crumbs(request, page, ("History", "")),
    })


@workspace_view("wikis.view_page")
@with_page(deleted="show")
def diff(request, page):
    """?from=<n>&to=<m>: what changed between two revisions (defaults: the latest change)."""
    old, new = compared_numbers(request, page.version)
    old_revision, new_revision = selectors.revisions_pair(page, old, new)
    return render(
        request,
        "wikis/page_diff.html",
        {
            "workspace": request.workspace, "page": page, "old": old_revision, "new": new_revision,
            **compare_context(request, old_revision, new_revision, resolve=lambda html: selectors.resolve_wikilinks(
                request.user, request.workspace, html)),
            "crumbs": crumbs(request, page, ("History", page_url(page, "history")), ("Compare", "")),
        },
    )


@workspace_view("wikis.view_page")
@with_page(deleted="show")
def revision(request, page, number):
    revision = selectors.get_revision(page, number)
    return render(
        request,
        "wikis/revision_detail.html",
        {
            "workspace": request.workspace, "page": page, "revision": revision, "toc": revision.toc,
            # Rendered when it was saved: the links are resolved now, as on the page itself.
            "revision_html": selectors.resolve_wikilinks(request.user, request.workspace, revision.html),
            "crumbs": crumbs(request, page, ("History", page_url(page, "history")), (f"Revision {number}", "")),
        },
    )


@workspace_view("wikis.add_page")
@with_page("wikis.change_page")
def revision_restore(request, page, number):
    revision = selectors.get_revision(page, number)
    if request.method == "POST":
        try:
            saved = services.revision_restore(actor=request.user, page=page, revision=revision)
        except services.PageGone:
            messages.error(request, "This page was deleted meanwhile, so nothing was restored.")
            return redirect("wikis:index", workspace=request.workspace.slug)
        if saved.revised:
            messages.success(request, f"Restored the text of revision {number} as revision {saved.page.version}.")
        else:
            messages.info(request, f"The page already has the text of revision {number}; nothing was changed.")
        return redirect(saved.page)
    return render(
        request,
        "wikis/revision_restore.html",
        {
            "workspace": request.workspace, "page": page, "revision": revision, "cancel_url": page_url(page, "history"),
            "crumbs": crumbs(request, page, ("History", page_url(page, "history")), (f"Restore revision {number}", "")),
        },
    )


@workspace_view("wikis.view_page")
def changes(request):
    workspace = request.workspace
    return render(
        request,
        "wikis/revision_list.html",
        {
            # No total: a busy wiki's every revision would be counted on each visit (20,000 at size L).
            "workspace": workspace,
            "page_obj": paginate_without_total(request, selectors.recent_changes(request.user, workspace)),
            "crumbs": crumbs(request, None, ("Recent changes", "")),
        },
    )
