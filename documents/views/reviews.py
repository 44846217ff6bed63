"""Review and approval: asking for a review, a review's page (where each reviewer answers),
and withdrawing a review."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.views import workspace_view
from workspaces.lib.dates import format_day
from workspaces.permissions import can, decide, require

from .. import selectors, services
from ..forms import ReviewAnswerForm, ReviewRequestForm
from .common import attempt, crumbs, with_document


@workspace_view("documents.add_document")
@with_document("documents.review_document")
@keeps_text
def request_review(request, document):
    def make_form(data=None, **kwargs):
        return ReviewRequestForm(data, workspace=request.workspace, **kwargs)

    form = kept_form(request, make_form, initial={"due_on": timezone.localdate() + timedelta(days=7)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        review = attempt(form, lambda: services.review_request(actor=request.user, document=document,
                                                               reviewers=data["people"], due_on=data["due_on"],
                                                               message=data["message"]))
        if review is not None:
            count = review.reviewers.count()
            messages.success(request, f"{count} {'person has' if count == 1 else 'people have'} been asked to review "
                                      f"version {review.version_number} by {format_day(review.due_on)}.")
            return redirect(document)
    return render(request, "documents/review_request.html", {
        "workspace": request.workspace, "document": document, "form": form,
        "crumbs": crumbs(request, None, document, ("Ask for a review", "")),
    })


@workspace_view("documents.view_document")
@with_document()
@keeps_text
def review(request, document, review_id):
    review = selectors.get_review(document, review_id)
    mine = next((r for r in review.all_reviewers if r.user_id == request.user.pk), None)
    may_answer = decide(request.user, "documents.answer_review", review)
    form = None
    if may_answer:
        form = kept_form(request, lambda data=None, **kwargs: ReviewAnswerForm(data, **kwargs),
                         initial={"comment": mine.comment} if mine.comment else None)
    if request.method == "POST":
        require(request.user, "documents.answer_review", review)
        if form.is_valid() and attempt(form, lambda: services.review_answer(actor=request.user, review=review,
                                                                            **form.cleaned_data)):
            messages.success(request, "Thank you: your answer has been recorded and the authors told.")
            return redirect(document)
    return render(request, "documents/review_detail.html", {
        "workspace": request.workspace, "document": document, "review": review, "mine": mine, "form": form,
        "may_withdraw": review.is_open and can(request.user, "documents.withdraw_review", review),
        "crumbs": crumbs(request, None, document, (f"Review of version {review.version_number}", "")),
    })


@workspace_view("documents.add_document")
@require_POST
@with_document("documents.review_document")
def withdraw(request, document, review_id):
    review = require(request.user, "documents.withdraw_review", selectors.get_review(document, review_id))
    services.review_cancel(actor=request.user, review=review)
    messages.success(request, "The review has been withdrawn.")
    return redirect(document)
