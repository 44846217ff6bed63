"""A document's page, adding a document from a file, changing its details, deleting it and
bringing it back (managers)."""

from copy import copy

from django.contrib import messages
from django.shortcuts import redirect, render

from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.views import ChangedMeanwhile, changed_form, restore_page, workspace_view
from workspaces.permissions import can

from .. import selectors, services
from ..actions import document_actions
from ..forms import DetailsForm, UploadForm
from .common import attempt, crumbs, doc_url, folder_from_query, index_url, limit_upload_size, with_document


@workspace_view("documents.add_document")
@limit_upload_size
def upload(request):
    workspace = request.workspace
    form = UploadForm(request.POST or None, request.FILES or None, workspace=workspace,
                      too_large=getattr(request, "upload_too_large", None),
                      initial={"folder": getattr(folder_from_query(request), "pk", None)})
    if request.method == "POST" and form.is_valid():
        document = attempt(form, lambda: services.document_upload(actor=request.user, workspace=workspace,
                                                                  **form.service_kwargs()))
        if document is not None:
            messages.success(request, f"“{document.title}” uploaded.")
            return redirect(document)
    return render(request, "documents/document_upload.html", {
        "workspace": workspace, "form": form, "crumbs": crumbs(request, None, None, ("Upload a file", "")),
    })


def detail_context(request, document):
    """What the document's page shows (its comments come from the comments app's panel)."""
    user = request.user
    holds_lock = user.is_authenticated and document.locked_by_id == user.pk
    may_change = can(user, "documents.change_document", document)  # not while someone else has it checked out
    return {
        "workspace": request.workspace, "document": document, "item": document,
        **dict(zip(("authors", "more_authors"), selectors.coauthors(document), strict=True)),
        "review": selectors.latest_review(document),
        "comment_window": document.window_phrase(),  # "Comments open until 15 January 2027, 17:00"
        "holds_lock": holds_lock, "may_change": may_change,
        "actions": document_actions(user, document, may_change=may_change),
        "crumbs": crumbs(request, None, document),
    }


@workspace_view("documents.view_document")
@with_document(deleted="show")
def detail(request, document):
    return render(request, "documents/document_detail.html", detail_context(request, document))


@workspace_view("documents.add_document")
@with_document("documents.change_document")
@keeps_text
def details(request, document):
    workspace = request.workspace
    access_editable = can(request.user, "documents.restrict_document", document)

    def make_form(data=None, current=document, **kwargs):
        return DetailsForm(data, instance=copy(current), workspace=workspace, access_editable=access_editable,
                           **kwargs)

    form, conflict = kept_form(request, make_form), None
    if request.method == "POST" and form.is_valid():
        try:
            updated = attempt(form, lambda: services.document_update_details(actor=request.user, document=document,
                                                                             **form.service_kwargs()))
        except ChangedMeanwhile as changed:  # someone saved the details since this page was opened
            conflict = changed.current
            form = changed_form(request, changed, make_form, what="these details")
        else:
            if updated is not None:
                messages.success(request, f"Details of “{updated.title}” saved.")
                return redirect(updated)
    return render(request, "documents/document_details.html", {
        "workspace": workspace, "document": document, "form": form, "access_editable": access_editable,
        "conflict": conflict, "crumbs": crumbs(request, None, document, ("Details", "")),
    })


@workspace_view("documents.add_document")
@with_document("documents.delete_document")
def delete(request, document):
    if request.method == "POST":
        try:
            services.document_delete(actor=request.user, document=document)
        except services.LockHeld as held:  # checked out since the page was opened
            messages.error(request, held.message)
            return redirect(document)
        messages.success(request, f"“{document.title}” deleted. Managers can restore it from “Deleted documents”.")
        if document.folder is not None:
            document.folder.workspace = request.workspace
            return redirect(document.folder)
        return redirect(index_url(request.workspace))
    return render(request, "documents/document_delete.html", {
        "workspace": request.workspace, "document": document, "cancel_url": doc_url(document), "danger": True,
        "crumbs": crumbs(request, None, document, ("Delete", "")),
    })


@workspace_view("documents.add_document")
@with_document("documents.delete_document", deleted="show")
def restore(request, document):
    return restore_page(
        request, document, lambda: services.document_restore(actor=request.user, document=document),
        template="documents/document_restore.html", restored=f"“{document.title}” restored.",
        context={"workspace": request.workspace, "document": document,
                 "crumbs": crumbs(request, None, document, ("Restore", ""))})
