"""What the library's views share: finding the document, breadcrumbs, and running a service
for a form."""

from django.urls import reverse

from workspaces.kit.views import attempt as kit_attempt
from workspaces.kit.views import crumbs as tool_crumbs
from workspaces.kit.views import limit_upload_size, names, with_item  # noqa: F401 (used by the views)

from .. import selectors, services

SAME_TITLE = "Someone added a document with the same title at the same moment. Check the title and try again."
GONE = "A manager deleted this document while you had this page open, so nothing was saved."


def index_url(workspace):
    return reverse("documents:index", kwargs={"workspace": workspace.slug})


def doc_url(document, name="detail", **kwargs):
    return reverse(f"documents:{name}", kwargs={"workspace": document.workspace.slug, "pk": document.pk, **kwargs})


def with_document(perm="documents.view_document", deleted="hide"):
    """Resolve `<pk>` to a document of this workspace the user holds `perm` on, and call
    view(request, document, ...). 404 for anything they may not see (or another workspace's)."""
    return with_item(selectors.get_document, perm, deleted=deleted)


def crumbs(request, folder=None, document=None, *trail):
    """Breadcrumbs: workspace › Documents › folders › the document › trail. The last one is the
    current page (not linked)."""
    workspace = request.workspace
    if document is not None:
        folder = document.folder
        if folder is not None:
            folder.workspace = workspace
    items = [(f.title, f.get_absolute_url()) for f in selectors.folder_trail(folder)]
    if document is not None:
        items.append((document.title, doc_url(document)))
    return tool_crumbs(request, *items, *trail)


def folder_from_query(request):
    """The folder named by ?folder=<id> (for "upload here"), or None."""
    try:
        folder_id = int(request.GET.get("folder", ""))
    except ValueError:
        return None
    return selectors.folder_choices(request.workspace).filter(pk=folder_id).first() if 0 < folder_id < 2**31 else None


def attempt(form, save, same_title=SAME_TITLE):
    """kit.views.attempt with the library's words; a lock taken meanwhile is said too (the
    policy refuses what is checked out by someone else; this is the moment in between)."""
    try:
        return kit_attempt(form, save, same_title=same_title, gone=GONE)
    except services.LockHeld as held:
        form.add_error(None, held.message)
        return None
