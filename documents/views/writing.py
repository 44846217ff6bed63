"""Documents written here: starting one, editing it (preview, and no edit ever lost to a
concurrent one), and the printable page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from workspaces.kit.drafts import Editor, keeps_text
from workspaces.kit.views import conflict_context, conflict_form, preview, saved_message, workspace_view

from .. import markup, selectors, services
from ..forms import EditForm, WriteForm
from ..models import MAX_TEXT_LENGTH
from .common import attempt, crumbs, doc_url, folder_from_query, with_document

DELETED_WHILE_EDITING = ("A manager deleted this document while you were editing it, so your changes could not be "
                         "saved. Your text is still in the box below: copy anything you want to keep.")


def _preview(request, template, context):
    """Show the posted text rendered, save nothing (kit.views.preview); a text too long to save
    is not rendered either: the preview says why."""
    text = services.normalise_text(request.POST.get("text", ""))
    context["text_class"] = "document-text"
    try:
        services.check_text(text)
    except ValidationError as too_long:
        return preview(request, "", template=template, context=context, error=" ".join(too_long.messages))
    return preview(request, mark_safe(markup.render(text)), template=template, context=context)  # sanitised by render


@workspace_view("documents.add_document")
@keeps_text
def write(request):
    workspace = request.workspace

    def make_form(data=None, **kwargs):
        return WriteForm(data, workspace=workspace, user=request.user, **kwargs)

    editor = Editor(request, key="documents:write", noun="document", max_length=MAX_TEXT_LENGTH)
    form = editor.form(make_form, initial={"folder": getattr(folder_from_query(request), "pk", None)})
    context = {"workspace": workspace, "form": form, "editor": editor,
               "crumbs": crumbs(request, None, None, ("Write a document", ""))}
    if request.method == "POST" and "preview" in request.POST:
        form.is_valid()
        return _preview(request, "documents/document_write.html", context)
    if request.method == "POST" and form.is_valid():
        document = attempt(form, lambda: services.document_write(actor=request.user, workspace=workspace,
                                                                 **form.service_kwargs()))
        if document is not None:
            editor.saved()
            messages.success(request, f"“{document.title}” saved as version 1.")
            return redirect(document)
    return render(request, "documents/document_write.html", context)


def _edit_mode(request):
    # A POST to a document deleted meanwhile is answered with the editor's text, not a 404.
    return "as_live" if request.method == "POST" else "hide"


@workspace_view("documents.add_document")
@with_document("documents.change_document", deleted=_edit_mode)
@keeps_text
def edit(request, document):
    if not document.is_written:
        raise Http404("Only documents written here can be edited here.")
    holds_lock = document.locked_by_id == request.user.pk

    def make_form(data=None, current=document, **kwargs):
        return EditForm(data, document=current, holds_lock=holds_lock, **kwargs)

    editor = Editor(request, key=f"documents:edit:{document.pk}", noun="document", max_length=MAX_TEXT_LENGTH,
                    version=document.version, text=document.text)
    form = editor.form(make_form)
    context = {"workspace": request.workspace, "document": document, "form": form, "holds_lock": holds_lock,
               "editor": editor, "crumbs": crumbs(request, None, document, ("Edit", ""))}
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
            context.update(form=conflict_form(request, conflict, make_form, noun="document"), document=conflict.current,
                           conflict=conflict_context(conflict, noun="document", revision_word="version",
                                                     url=doc_url(conflict.current)))
        except services.LockHeld as held:
            form.add_error("text", held.message + " Your text is still in the box: copy it to keep it.")
            context["document"] = held.document
        except services.DocumentGone:
            form.add_error(None, DELETED_WHILE_EDITING)
        else:
            editor.saved()
            saved_message(request, saved, noun="document", saved_text=f"Saved as version {saved.document.version}.",
                          lead=f"Saved as version {saved.document.version}.", history="The list of versions")
            return redirect(saved.document)
    elif request.method == "GET" and document.locked_by_id and not holds_lock:
        messages.warning(request, services.LockHeld(document).message)
    return render(request, "documents/document_edit.html", context)


@workspace_view("documents.view_document")
@with_document()
def printable(request, document):
    """A clean page to print or save as PDF: the document, its authors and approval, no site
    navigation."""
    if not document.is_written:
        raise Http404("Only documents written here have a printable page.")
    return render(request, "documents/document_print.html", {
        "workspace": request.workspace, "document": document,
        **dict(zip(("authors", "more_authors"), selectors.coauthors(document), strict=True)),
        "review": selectors.latest_review(document),
    })
