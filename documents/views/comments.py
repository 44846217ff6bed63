"""Adding a comment to a document (POST; a comment that needs correcting comes back on the
document's page, as typed) and removing one (its author, or a manager)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workspaces.kit.views import workspace_view
from workspaces.permissions import require

from .. import services
from ..forms import CommentForm
from ..models import Comment
from .common import attempt, crumbs, doc_url, with_document
from .documents import detail_context


@workspace_view("documents.view_document")
@require_POST
@with_document("documents.comment_document")
def add(request, document):
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = attempt(form, lambda: services.comment_add(actor=request.user, document=document,
                                                             **form.cleaned_data))
        if comment is not None:
            messages.success(request, "Comment added.")
            return redirect(doc_url(document) + f"#comment-{comment.pk}")
    return render(request, "documents/document_detail.html", detail_context(request, document, comment_form=form))


@workspace_view("documents.view_document")
@with_document()
def delete(request, document, comment_id):
    comment = Comment.objects.select_related("author").filter(document=document, pk=comment_id).first()
    if comment is None:
        raise Http404("No such comment.")
    comment.document = document
    require(request.user, "documents.delete_comment", comment)
    if request.method == "POST":
        services.comment_delete(actor=request.user, comment=comment)
        messages.success(request, "Comment removed.")
        return redirect(doc_url(document) + "#comments")
    return render(request, "documents/comment_delete.html", {
        "workspace": request.workspace, "document": document, "comment": comment,
        "cancel_url": doc_url(document) + "#comments", "danger": True,
        "crumbs": crumbs(request, None, document, ("Remove a comment", "")),
    })
