"""What every wiki view shares: finding the page (and following renames), breadcrumbs, and
showing posted values again without errors (for previews)."""

from functools import wraps

from django.shortcuts import redirect
from django.urls import reverse

from .. import selectors


def index_url(workspace):
    return reverse("wikis:index", kwargs={"workspace": workspace.slug})


def page_url(page, name="page", **kwargs):
    return reverse(f"wikis:{name}", kwargs={"workspace": page.workspace.slug, "slug": page.slug, **kwargs})


def with_page(perm="wikis.view_page", deleted="hide"):
    """Resolve `<slug>` to a page the user holds `perm` on and call view(request, page, ...).

    An old address of a renamed page redirects a GET to the same view of the new address; a
    POST to an old address (a form opened before the rename) is served, not redirected, so
    nothing typed is lost. `deleted` is passed to selectors.get_page; a callable gets the
    request (edit: "as_live" for a POST, so the editor of a page deleted meanwhile keeps
    their text)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            mode = deleted(request) if callable(deleted) else deleted
            try:
                page = selectors.get_page(request.user, request.workspace, slug, perm=perm, deleted=mode)
            except selectors.PageMoved as moved:
                if request.method in ("GET", "HEAD"):
                    match = request.resolver_match
                    url = reverse(match.view_name, kwargs={**match.kwargs, "slug": moved.page.slug})
                    query = request.META.get("QUERY_STRING", "")
                    return redirect(f"{url}?{query}" if query else url)
                page = selectors.get_page(request.user, request.workspace, moved.page.slug, perm=perm, deleted=mode)
            return view(request, page, *args, **kwargs)

        return wrapper

    return decorator


def crumbs(request, page=None, *trail):
    """Breadcrumbs: workspace › Wiki › the page's ancestors › the page › trail. The last one
    is the current page (its URL is not linked)."""
    workspace = request.workspace
    items = [(workspace.name, reverse("workspace_home", args=[workspace.slug])), ("Wiki", index_url(workspace))]
    if page is not None:
        items += [(a.title, a.get_absolute_url()) for a in selectors.ancestors(request.user, page)]
        items.append((page.title, page_url(page)))
    items += trail
    return items


def unbound_copy(form, make_form):
    """The values of a posted form in a new unbound form, so that showing them again (after a
    preview) does not show validation errors. make_form(initial=...) builds it."""
    initial = {
        name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        for name, field in form.fields.items()
    }
    return make_form(initial=initial)
