"""What the library's views share: finding the document, breadcrumbs, messages."""

from functools import wraps

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils.text import get_text_list
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from workspaces.lib.forms import add_service_error

from .. import files, selectors, services

SAME_TITLE = "Someone added a document with the same title at the same moment. Check the title and try again."
GONE = "A manager deleted this document while you had this page open, so nothing was saved."


def index_url(workspace):
    return reverse("documents:index", kwargs={"workspace": workspace.slug})


def doc_url(document, name="detail", **kwargs):
    return reverse(f"documents:{name}", kwargs={"workspace": document.workspace.slug, "pk": document.pk, **kwargs})


def with_document(perm="documents.view_document", deleted="hide"):
    """Resolve `<pk>` to a document of this workspace the user holds `perm` on, and call
    view(request, document, ...). 404 for anything they may not see (or another workspace's)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            document = selectors.get_document(request.user, request.workspace, pk, perm=perm, deleted=deleted)
            return view(request, document, *args, **kwargs)

        return wrapper

    return decorator


def crumbs(request, folder=None, document=None, *trail):
    """Breadcrumbs: workspace › Documents › folders › the document › trail. The last one is the
    current page (not linked)."""
    workspace = request.workspace
    items = [(workspace.name, reverse("workspace_home", args=[workspace.slug])), ("Documents", index_url(workspace))]
    if document is not None:
        folder = document.folder
        if folder is not None:
            folder.workspace = workspace
    items += [(f.title, f.get_absolute_url()) for f in selectors.folder_trail(folder)]
    if document is not None:
        items.append((document.title, doc_url(document)))
    items += trail
    return items


def names(people):
    text = get_text_list(list(people), "and")
    return text[:1].upper() + text[1:]


def folder_from_query(request):
    """The folder named by ?folder=<id> (for "upload here"), or None."""
    try:
        folder_id = int(request.GET.get("folder", ""))
    except ValueError:
        return None
    return selectors.folder_choices(request.workspace).filter(pk=folder_id).first() if 0 < folder_id < 2**31 else None


def limit_upload_size(view):
    """For views that take a file: files.SizeLimitHandler reads the upload first, so that an
    oversized file is dropped while it arrives. Upload handlers cannot be changed once the
    CSRF check has read the body, so the check moves inside: the view is CSRF-exempt to the
    middleware and protected here, after the handler is in place (Django's documented way).
    Put it inside workspace_view, which then carries the exemption to the URLconf."""
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.upload_handlers.insert(0, files.SizeLimitHandler(request))
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)


def attempt(form, save, same_title=SAME_TITLE):
    """Run a service call for a valid form: its result, or None with the problem put on the
    form (a refusal next to its field, a title taken at the same moment, a document deleted
    meanwhile), so that the page comes back with everything the person typed."""
    try:
        return save()
    except ValidationError as exc:
        add_service_error(form, exc)
    except IntegrityError:
        form.add_error("title", same_title)
    except services.DocumentGone:
        form.add_error(None, GONE)
    return None
