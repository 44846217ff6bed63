"""Documents written here: starting one, editing it (preview, and no edit ever lost to a
concurrent one), and the printable page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe

from workspaces.lib.diff import diff_texts
from workspaces.permissions.decorators import workspace_view

from .. import markup, selectors, services
from ..forms import EditForm, WriteForm
from ..models import MAX_TEXT_LENGTH
from .common import attempt, crumbs, folder_from_query, names, with_document

DELETED_WHILE_EDITING = ("A manager deleted this document while you were editing it, so your changes could not be "
                         "saved. Your text is still in the box below: copy anything you want to keep.")


def _preview(request, template, context):
    """Show the posted text rendered, save nothing. htmx gets just the preview; without
    JavaScript the whole form comes back, as typed, with the preview under it."""
    text = services.normalise_text(request.POST.get("text", ""))[:MAX_TEXT_LENGTH]
    context.update(preview=mark_safe(markup.render(text)), previewed=True)  # sanitised by render_markdown
    if request.htmx:
        response = render(request, "documents/partials/_preview.html", context)
    else:
        context["form"].errors.clear()  # a preview is not a save: no "there is a problem"
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@workspace_view("documents.add_document", tool="documents")
def write(request):
    workspace = request.workspace
    form = WriteForm(request.POST or None, workspace=workspace, user=request.user,
                     initial={"folder": getattr(folder_from_query(request), "pk", None)})
    context = {"workspace": workspace, "form": form, "crumbs": crumbs(request, None, None, ("Write a document", ""))}
    if request.method == "POST" and "preview" in request.POST:
        form.is_valid()
        return _preview(request, "documents/document_write.html", context)
    if request.method == "POST" and form.is_valid():
        document = attempt(form, lambda: services.document_write(actor=request.user, workspace=workspace,
                                                                 **form.service_kwargs()))
        if document is not None:
            messages.success(request, f"“{document.title}” saved as version 1.")
            return redirect(document)
    return render(request, "documents/document_write.html", context)


def _edit_mode(request):
    # A POST to a document deleted meanwhile is answered with the editor's text, not a 404.
    return "as_live" if request.method == "POST" else "hide"


@workspace_view("documents.add_document", tool="documents")
def edit(request, pk):
    document = selectors.get_document(request.user, request.workspace, pk, perm="documents.change_document",
                                      deleted=_edit_mode(request))
    if not document.is_written:
        raise Http404("Only documents written here can be edited here.")
    holds_lock = document.locked_by_id == request.user.pk
    form = EditForm(request.POST or None, document=document, holds_lock=holds_lock)
    context = {"workspace": request.workspace, "document": document, "form": form, "holds_lock": holds_lock,
               "crumbs": crumbs(request, None, document, ("Edit", ""))}
    if request.method == "POST" and "preview" in request.POST:
        form.is_valid()
        return _preview(request, "documents/document_edit.html", context)
    if request.method == "POST" and document.is_deleted:
        form.is_valid()
        form.add_error(None, DELETED_WHILE_EDITING)
    elif request.method == "POST" and form.is_valid():
        try:
            saved = services.document_edit(actor=request.user, document=document, **form.service_kwargs())
        except services.DocumentConflict as conflict:
            context.update(form=_conflict_form(request, conflict, holds_lock), document=conflict.current,
                           conflict=_conflict_view(conflict))
        except services.LockHeld as held:
            form.add_error("text", held.message + " Your text is still in the box: copy it to keep it.")
            context["document"] = held.document
        except services.DocumentGone:
            form.add_error(None, DELETED_WHILE_EDITING)
        else:
            _saved_message(request, saved)
            return redirect(saved.document)
    elif request.method == "GET" and document.locked_by_id and not holds_lock:
        messages.warning(request, services.LockHeld(document).message)
    return render(request, "documents/document_edit.html", context)


def _saved_message(request, saved):
    if saved.merged_with:
        who = names(saved.merged_with)
        if saved.revised:
            messages.success(request, f"Saved as version {saved.document.version}. {who} also changed this document "
                                      "while you were editing it; the changes did not overlap with yours, so both "
                                      "have been kept. The list of versions shows each change.")
        else:
            messages.info(request, f"Nothing new to save: {who} had already made the same changes.")
    elif saved.revised:
        messages.success(request, f"Saved as version {saved.document.version}.")
    else:
        messages.info(request, "There were no changes to save.")


def _conflict_form(request, conflict, holds_lock):
    """The editor's own text, now based on the current version: saving it again is a
    deliberate choice, made after seeing the other changes."""
    data = request.POST.copy()
    data["loaded_version"] = str(conflict.current.version)
    form = EditForm(data, document=conflict.current, holds_lock=holds_lock)
    form.is_valid()
    form.add_error(None, f"{names(conflict.others) or 'Someone'} changed this document while you were editing it, "
                         "and some of their changes overlap with yours, so nothing has been saved yet. Your text is "
                         "still in the box below. Compare the overlapping parts, combine what you want to keep in the "
                         "box, and save again.")
    return form


def _conflict_view(conflict):
    return {
        "current": conflict.current,
        "their_changes": diff_texts(conflict.base.text, conflict.current.text) if conflict.base else None,
        "overlaps": [{"line": c.line, "theirs": "\n".join(c.theirs), "yours": "\n".join(c.yours)}
                     for c in conflict.merge.conflicts],
        "base_version": conflict.base.number if conflict.base else None,
    }


@workspace_view("documents.view_document", tool="documents")
@with_document()
def printable(request, document):
    """A clean page to print or save as PDF: the document, its authors and approval, no site
    navigation."""
    if not document.is_written:
        raise Http404("Only documents written here have a printable page.")
    return render(request, "documents/document_print.html", {
        "workspace": request.workspace, "document": document, **dict(zip(("authors", "more_authors"), selectors.coauthors(document))),
        "review": selectors.latest_review(document),
    })
