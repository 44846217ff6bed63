"""What every wiki view shares: finding the page (following renames) and breadcrumbs."""

from django.urls import reverse

from workspaces.kit.views import crumbs as tool_crumbs
from workspaces.kit.views import with_item

from .. import selectors


def index_url(workspace):
    return reverse("wikis:index", kwargs={"workspace": workspace.slug})


def page_url(page, name="page", **kwargs):
    return reverse(f"wikis:{name}", kwargs={"workspace": page.workspace.slug, "slug": page.slug, **kwargs})


def with_page(perm="wikis.view_page", deleted="hide"):
    """Resolve `<slug>` to a page the user holds `perm` on and call view(request, page, ...).
    An old address of a renamed page redirects a GET to the same view of the new address; a POST
    to an old address (a form opened before the rename) is served there, so nothing typed is
    lost. `deleted`: see kit.selectors.get_item (a callable gets the request)."""
    return with_item(selectors.get_page, perm, kwarg="slug", deleted=deleted)


def crumbs(request, page=None, *trail):
    """Breadcrumbs: workspace › Wiki › the page's ancestors › the page › trail. The last one
    is the current page (its URL is not linked)."""
    items = []
    if page is not None:
        items += [(a.title, a.get_absolute_url()) for a in selectors.ancestors(request.user, page)]
        items.append((page.title, page_url(page)))
    return tool_crumbs(request, *items, *trail)
