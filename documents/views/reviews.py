"""Review and approval: asking for a review, a review's page (where each reviewer answers),
and withdrawing a review."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from workspaces.permissions import can
from workspaces.permissions.decorators import workspace_view
from workspaces.permissions.roles import ARCHIVED_REASON

from .. import selectors, services
from ..forms import ReviewAnswerForm, ReviewRequestForm
from .common import attempt, crumbs, with_document

ONLY_REVIEWERS = "Only the people asked to review this document can answer."


@workspace_view("documents.add_document", tool="documents")
@with_document("documents.change_document")
def request_review(request, document):
    form = ReviewRequestForm(request.POST or None, workspace=request.workspace,
                             initial={"due_on": timezone.localdate() + timedelta(days=7)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        review = attempt(form, lambda: services.review_request(actor=request.user, document=document,
                                                               reviewers=data["people"], due_on=data["due_on"],
                                                               message=data["message"]))
        if review is not None:
            count = review.reviewers.count()
            messages.success(request, f"{count} {'person has' if count == 1 else 'people have'} been asked to review "
                                      f"version {review.version_number} by {review.due_on:%-d %B %Y}.")
            return redirect(document)
    return render(request, "documents/review_request.html", {
        "workspace": request.workspace, "document": document, "form": form,
        "crumbs": crumbs(request, None, document, ("Ask for a review", "")),
    })


@workspace_view("documents.view_document", tool="documents")
@with_document()
def review(request, document, review_id):
    review = selectors.get_review(document, review_id)
    mine = next((r for r in review.all_reviewers if r.user_id == request.user.pk), None)
    form = None
    if mine is not None and review.is_open:
        form = ReviewAnswerForm(request.POST or None, initial={"comment": mine.comment} if mine.comment else None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(ONLY_REVIEWERS if mine is None else "This review is finished.")
        if request.workspace.is_archived:
            raise PermissionDenied(ARCHIVED_REASON)
        if form.is_valid() and attempt(form, lambda: services.review_answer(actor=request.user, review=review,
                                                                            **form.cleaned_data)):
            messages.success(request, "Thank you: your answer has been recorded and the authors told.")
            return redirect(document)
    return render(request, "documents/review_detail.html", {
        "workspace": request.workspace, "document": document, "review": review, "mine": mine, "form": form,
        "may_withdraw": review.is_open and _may_withdraw(request, document, review),
        "crumbs": crumbs(request, None, document, (f"Review of version {review.version_number}", "")),
    })


def _may_withdraw(request, document, review):
    return request.access.is_manager or (
        review.requested_by_id == request.user.pk and can(request.user, "documents.change_document", document))


@workspace_view("documents.add_document", tool="documents")
@require_POST
@with_document("documents.change_document")
def withdraw(request, document, review_id):
    review = selectors.get_review(document, review_id)
    if not _may_withdraw(request, document, review):
        raise PermissionDenied("Only the person who asked for this review, or a manager, can withdraw it.")
    services.review_cancel(actor=request.user, review=review)
    messages.success(request, "The review has been withdrawn.")
    return redirect(document)
