"""Check-out and check-in (POST only), and a manager releasing someone else's lock."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workspaces.kit.views import workspace_view

from .. import services
from .common import crumbs, doc_url, with_document


@workspace_view("documents.add_document")
@require_POST
@with_document("documents.change_document")
def check_out(request, document):
    try:
        services.document_check_out(actor=request.user, document=document)
    except services.LockHeld as held:
        messages.error(request, held.message)
    except services.DocumentGone:
        messages.error(request, "This document has been deleted.")
    else:
        messages.success(request, f"You have locked “{document.title}” for editing. Others can read it but not "
                                  "change it until you unlock it.")
    return redirect(document)


@workspace_view("documents.add_document")
@require_POST
@with_document("documents.change_document")
def check_in(request, document):
    if services.document_check_in(actor=request.user, document=document):
        messages.success(request, f"“{document.title}” is unlocked: others can change it again.")
    else:
        messages.info(request, "You had not locked this document.")
    return redirect(document)


@workspace_view("documents.add_document")
@with_document("documents.unlock_document")
def break_lock(request, document):
    if request.method == "POST":
        holder = services.lock_break(actor=request.user, document=document)
        if holder is None:
            messages.info(request, "The document was not locked.")
        else:
            messages.success(request, f"Unlocked. {holder.name} has been told that they no longer have it locked "
                                      "for editing.")
        return redirect(document)
    return render(request, "documents/document_release.html", {
        "workspace": request.workspace, "document": document, "cancel_url": doc_url(document), "danger": True,
        "crumbs": crumbs(request, None, document, ("Unlock", "")),
    })
