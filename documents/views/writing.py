"""Documents written here: starting one, editing it (preview, and no edit ever lost to a
concurrent one), and the printable page."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from workspaces.kit.drafts import keeps_text
from workspaces.kit.views import EditorPage, editing, workspace_view

from .. import markup, selectors, services
from ..forms import EditForm, WriteForm
from ..models import MAX_TEXT_LENGTH
from .common import SAME_TITLE, crumbs, doc_url, folder_from_query, index_url, with_document


def _render(request, text):
    return mark_safe(markup.render(text))  # sanitised by render


DOCUMENTS = EditorPage(
    noun="document", prefix="document", text_class="document-text", max_length=MAX_TEXT_LENGTH, render=_render,
    created="“{item.title}” saved as version 1.", saved="Saved as version {item.version}.",
    saved_lead="Saved as version {item.version}.", history="The list of versions", same_title=SAME_TITLE,
    check=services.check_text,
)


@workspace_view("documents.add_document")
@keeps_text
def write(request):
    workspace = request.workspace

    def make_form(data=None, **kwargs):
        return WriteForm(data, workspace=workspace, user=request.user, **kwargs)

    return DOCUMENTS.respond(
        request, "documents:write", make_form, template="documents/document_write.html",
        initial={"folder": getattr(folder_from_query(request), "pk", None)},
        context={"workspace": workspace, "cancel_url": index_url(workspace),
                 "crumbs": crumbs(request, None, None, ("Write an online document", ""))},
        save=lambda form: services.document_write(actor=request.user, workspace=workspace, **form.service_kwargs()))


@workspace_view("documents.add_document")
@with_document("documents.change_document", deleted=editing)
@keeps_text
def edit(request, document):
    if not document.is_written:
        raise Http404("Only documents written here can be edited here.")
    holds_lock = document.locked_by_id == request.user.pk

    def make_form(data=None, current=document, **kwargs):
        return EditForm(data, document=current, holds_lock=holds_lock, **kwargs)

    context = {"workspace": request.workspace, "document": document, "holds_lock": holds_lock,
               "cancel_url": doc_url(document), "crumbs": crumbs(request, None, document, ("Edit", ""))}

    def save(form):
        try:
            return services.document_edit(actor=request.user, document=document, **form.service_kwargs())
        except services.LockHeld as held:  # said next to the text, which stays in the box
            context["document"] = held.document
            kept = f"{held.message} Your text is still in the box: copy it to keep it."
            raise ValidationError({"text": kept}) from None

    return DOCUMENTS.respond(request, f"documents:edit:{document.pk}", make_form, item=document, context=context,
                             template="documents/document_edit.html", save=save)


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
