"""Review and approval: the author asks named members (or a team) to review a version by a
date; each reviewer approves or asks for changes, with a comment. The review is complete when
everyone has answered (approved if all approved). Reviewers are told at once (ADDRESSED) and
reminded through the core's reminders until they answer."""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from workspaces import permissions
from workspaces.kit.services import locked_row, normalise_text, record, reminders
from workspaces.lib.dates import format_day

from .. import markup
from ..models import Document, Review, Reviewer, ReviewStatus
from .common import MAX_PEOPLE, DocumentGone

REMIND_AT = time(9, 0)  # local time on the day before the due date


def reminder_key(review):
    return f"documents.review_due:{review.pk}"


def _remind_at(due_on):
    """09:00 the day before it is due; if that has passed, 09:00 on the day; failing that, now."""
    now = timezone.now()
    for day in (due_on - timedelta(days=1), due_on):
        moment = timezone.make_aware(datetime.combine(day, REMIND_AT))
        if moment > now:
            return moment
    return now


def _schedule(review, document):
    pending = list(review.reviewers.filter(decision=Reviewer.Decision.PENDING).values_list("user_id", flat=True))
    if not pending or review.status != Review.Status.OPEN:
        reminders.cancel(key=reminder_key(review))
        return
    reminders.schedule(
        key=reminder_key(review), workspace=document.workspace, due_at=_remind_at(review.due_on),
        subject=f"Review due {format_day(review.due_on)}: “{document.title[:100]}”", target=document,
        url=review_url(review, document),
        message=f"You were asked to review version {review.version_number} of “{document.title}” by "
                f"{format_day(review.due_on)}. Open it to approve it or ask for changes.",
        audience=reminders.Audience.RECIPIENTS, recipients=pending,
    )


def review_url(review, document):
    return reverse("documents:review", kwargs={"workspace": document.workspace.slug, "pk": document.pk,
                                               "review_id": review.pk})


def _refresh_status(document):
    """The document's review status: its latest review's outcome (withdrawn ones aside)."""
    latest = document.reviews.exclude(status=Review.Status.CANCELLED).order_by("-created_at", "-id").first()
    status = ReviewStatus.NONE
    if latest is not None:
        status = {Review.Status.OPEN: ReviewStatus.IN_REVIEW, Review.Status.APPROVED: ReviewStatus.APPROVED,
                  Review.Status.CHANGES_REQUESTED: ReviewStatus.CHANGES_REQUESTED}[latest.status]
    if status != document.review_status:
        Document.objects.filter(pk=document.pk).update(review_status=status)
        document.review_status = status


@transaction.atomic
def review_request(*, actor, document, reviewers, due_on, message=""):
    """Ask `reviewers` (users; the actor is left out) to review the document's current version
    by `due_on`. Each must be a member who may see the document. Records
    `documents.review_requested`, addressed to the reviewers."""
    reviewers = [u for u in dict.fromkeys(reviewers) if u.pk != actor.pk]
    if not reviewers:
        raise ValidationError({"reviewers": "Name at least one person other than yourself to review it."})
    if len(reviewers) > MAX_PEOPLE:
        raise ValidationError({"reviewers": f"Ask at most {MAX_PEOPLE} people at once (you named {len(reviewers)})."})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": "The due date has passed. Choose today or a later date."})
    current = Document.objects.select_related("workspace").get(pk=document.pk)
    if current.is_deleted:
        raise DocumentGone(current)
    seen = permissions.visible_to_many(reviewers, Document.objects.filter(pk=current.pk))
    blind = [u for u in reviewers if (u.pk, current.pk) not in seen]
    if blind:
        raise ValidationError({"reviewers": f"{', '.join(u.name for u in blind)} cannot see this document, so cannot "
                                            "review it. Change who can see it first, or ask someone else."})
    review = Review.objects.create(document=current, workspace_id=current.workspace_id, due_on=due_on,
                                   version_number=current.version, requested_by=actor,
                                   message=normalise_text(message).strip())
    Reviewer.objects.bulk_create([Reviewer(review=review, user=u) for u in reviewers])
    _refresh_status(current)
    _schedule(review, current)
    record(workspace=current.workspace, actor=actor, verb="documents.review_requested", target=current,
           summary=f"asked for a review of version {current.version} by {format_day(due_on)}", addressed=reviewers)
    return review


@transaction.atomic
def review_answer(*, actor, review, decision, comment=""):
    """A reviewer approves (Reviewer.Decision.APPROVED) or asks for changes (CHANGES_REQUESTED,
    with a comment saying what). They may change their answer while the review is open. When
    everyone has answered, the review completes and its reminder is dropped. Records
    `documents.review_approved` or `documents.review_changes_requested`, addressed to whoever
    asked for the review."""
    review = locked_row(review, "document__workspace")
    document = review.document
    if document.is_deleted:
        raise DocumentGone(document)
    if review.status != Review.Status.OPEN:
        raise ValidationError("This review is finished, so it cannot be answered any more.")
    comment = normalise_text(comment).strip()
    if decision == Reviewer.Decision.CHANGES_REQUESTED and not comment:
        raise ValidationError({"comment": "Say what should change, so that the authors know what to do."})
    if decision not in (Reviewer.Decision.APPROVED, Reviewer.Decision.CHANGES_REQUESTED):
        raise ValidationError({"decision": "Choose whether you approve it or ask for changes."})
    mine = review.reviewers.filter(user=actor).first()
    if mine is None:
        raise ValidationError("Only the people asked to review this document can answer.")
    mine.decision, mine.comment, mine.comment_html = decision, comment, markup.render(comment)
    mine.decided_at = timezone.now()
    mine.save()
    decisions = set(review.reviewers.values_list("decision", flat=True))
    if Reviewer.Decision.PENDING not in decisions:
        review.status = (Review.Status.APPROVED if decisions == {Reviewer.Decision.APPROVED}
                         else Review.Status.CHANGES_REQUESTED)
        review.completed_at = timezone.now()
        review.save(update_fields=["status", "completed_at"])
    _refresh_status(document)
    _schedule(review, document)
    approved = decision == Reviewer.Decision.APPROVED
    record(workspace=document.workspace, actor=actor, target=document,
           verb="documents.review_approved" if approved else "documents.review_changes_requested",
           summary=(f"approved version {review.version_number} of the document" if approved
                    else f"asked for changes to version {review.version_number} of the document"),
           addressed=[review.requested_by_id] if review.requested_by_id else [])
    return review


@transaction.atomic
def review_cancel(*, actor, review):
    """Withdraw an open review (whoever asked for it, or a manager); its reminder is dropped."""
    review = locked_row(review, "document__workspace")
    if review.status != Review.Status.OPEN:
        return review
    review.status, review.completed_at = Review.Status.CANCELLED, timezone.now()
    review.save(update_fields=["status", "completed_at"])
    _refresh_status(review.document)
    reminders.cancel(key=reminder_key(review))
    record(workspace=review.document.workspace, actor=actor, verb="documents.review_withdrawn",
           target=review.document, summary="withdrew the request for a review",
           addressed=list(review.reviewers.filter(decision=Reviewer.Decision.PENDING)
                          .values_list("user_id", flat=True)))
    return review


def drop_reminders(document):
    for review in document.reviews.filter(status=Review.Status.OPEN):
        reminders.cancel(key=reminder_key(review))


def reschedule_reminders(document):
    for review in document.reviews.filter(status=Review.Status.OPEN):
        _schedule(review, document)
