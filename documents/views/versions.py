"""Versions: uploading a new one, the list, one version, comparing two, and downloading a
file, which is only ever sent after the permission check and as an attachment."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from workspaces.kit.compare import compare_context
from workspaces.kit.views import compared_numbers, revisions_page, workspace_view
from workspaces.lib import files

from .. import selectors, services
from ..forms import VersionForm
from .common import attempt, crumbs, doc_url, limit_upload_size, with_document


@workspace_view("documents.add_document")
@limit_upload_size
@with_document("documents.change_document")
def upload_version(request, document):
    if not document.is_file:
        raise Http404("Documents written here get new versions by editing them.")
    holds_lock = document.locked_by_id == request.user.pk
    form = VersionForm(request.POST or None, request.FILES or None, holds_lock=holds_lock,
                       too_large=getattr(request, "upload_too_large", None))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # (Checked out by someone else: refused by the policy, or by the service said on the form.)
        saved = attempt(form, lambda: services.version_upload(actor=request.user, document=document,
                                                              upload=data["file"], note=data["note"],
                                                              check_in=data.get("check_in", False)))
        if saved is not None:
            messages.success(request, f"Version {saved.version} of “{saved.title}” uploaded.")
            return redirect(saved)
    return render(request, "documents/version_upload.html", {
        "workspace": request.workspace, "document": document, "form": form, "holds_lock": holds_lock,
        "crumbs": crumbs(request, None, document, ("Upload a new version", "")),
    })


@workspace_view("documents.view_document")
@with_document(deleted="show")
def history(request, document):
    return revisions_page(request, selectors.versions(document), template="documents/version_list.html", context={
        "workspace": request.workspace, "document": document, "item": document, "word": "version",
        "compare_url": doc_url(document, "compare") if document.is_written else None,
        "note_heading": "What changed", "back_url": doc_url(document),
        "crumbs": crumbs(request, None, document, ("Versions", "")),
    })


@workspace_view("documents.view_document")
@with_document(deleted="show")
def version(request, document, number):
    version = selectors.get_version(document, number)
    return render(request, "documents/version_detail.html", {
        "workspace": request.workspace, "document": document, "version": version,
        "version_html": version.html,  # rendered when it was saved
        "crumbs": crumbs(request, None, document, ("Versions", doc_url(document, "versions")),
                         (f"Version {version.number}", "")),
    })


@workspace_view("documents.view_document")
@with_document(deleted="show")
def compare(request, document):
    """?from=<n>&to=<m>: what changed between two versions of a written document."""
    if not document.is_written:
        raise Http404("Only versions of documents written here can be compared.")
    old, new = compared_numbers(request, document.version)
    old_version, new_version = selectors.versions_pair(document, old, new)
    return render(request, "documents/version_compare.html", {
        "workspace": request.workspace, "document": document, "old": old_version, "new": new_version,
        **compare_context(request, old_version, new_version),
        "crumbs": crumbs(request, None, document, ("Versions", doc_url(document, "versions")), ("Compare", "")),
    })


@workspace_view("documents.view_document")
@with_document(deleted="show")
def download(request, document, number):
    version = selectors.get_version(document, number)
    if not version.file:
        raise Http404("This version has no file.")
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    # Cleaned again on the way out: names stored before a rule was added to safe_name get it too.
    response = FileResponse(handle, as_attachment=True, filename=files.safe_name(version.file_name),
                            content_type=files.download_type(version.file_type))
    # Never rendered on our origin: saved, not shown; and if a browser did show it, it could
    # run nothing and reach nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
