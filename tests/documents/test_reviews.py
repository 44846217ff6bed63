"""Review and approval: named members (or a team) are asked by a date, notified at once and
reminded until they answer; each approves or asks for changes; the status is on the document."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from documents.models import Document, Review, Reviewer, ReviewStatus
from documents.services import document_delete, document_edit, document_restore, review_answer, review_request
from notifications import tasks
from notifications.models import Notification
from workspaces.models import Access, OutboundEmail, Reminder, Role

from ..builders import add_member, make_team, make_user
from .builders import make_written, url_for


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _due(days=7):
    return timezone.localdate() + timedelta(days=days)


def _ask(client, document, **data):
    return client.post(url_for("review_request", document.workspace, document),
                       {"reviewers": "", "due_on": _due().isoformat(), "message": "", **data})


def test_asking_named_members_notifies_them_and_schedules_a_reminder(as_user, workspace, manager, contributor, reader,
                                                                    draft):
    response = _ask(as_user(manager), draft, reviewers="reader@example.org contributor@example.org",
                    message="Check the budget")
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.version_number == 1 and review.requested_by == manager and review.due_on == _due()
    assert sorted(review.reviewers.values_list("user__email", flat=True)) == ["contributor@example.org",
                                                                              "reader@example.org"]
    told = Notification.objects.filter(activity__verb="documents.review_requested")
    assert sorted(told.values_list("recipient__email", flat=True)) == ["contributor@example.org", "reader@example.org"]
    assert set(told.values_list("reason", flat=True)) == {"addressed"}
    reminder = Reminder.objects.get(key=f"documents.review_due:{review.pk}")
    assert reminder.audience == Reminder.Audience.RECIPIENTS and sorted(reminder.recipients) == sorted(
        [reader.pk, contributor.pk])
    assert timezone.localtime(reminder.due_at).date() == _due() - timedelta(days=1)
    draft.refresh_from_db()
    assert draft.review_status == ReviewStatus.IN_REVIEW
    assert "In review" in as_user(reader).get(draft.get_absolute_url()).content.decode()


def test_a_team_can_be_asked(as_user, workspace, manager, contributor, reader, draft):
    team = make_team(workspace, "Task force", members=[contributor, reader])
    _ask(as_user(manager), draft, team=team.pk)
    assert Review.objects.get().reviewers.count() == 2


@pytest.mark.parametrize("data, message", [
    ({}, "Name at least one person to review it"),
    ({"reviewers": "outsider@example.org"}, "Not members of this workspace: outsider@example.org"),
    ({"reviewers": "manager@example.org"}, "Name at least one person other than yourself"),
    ({"reviewers": "reader@example.org", "due_on": "2001-01-01"}, "The due date has passed"),
    ({"reviewers": "reader@example.org", "due_on": "31/02/2027"}, "Enter a real date"),
])
def test_bad_requests_are_explained_next_to_the_field(as_user, workspace, manager, reader, outsider, draft, data,
                                                      message):
    response = _ask(as_user(manager), draft, **data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Review.objects.exists()


def test_a_reviewer_who_cannot_see_the_document_is_refused(workspace, manager, reader):
    document = make_written(workspace, manager, title="Board only", view_access=Access.MANAGERS)
    with pytest.raises(ValidationError) as raised:
        review_request(actor=manager, document=document, reviewers=[reader], due_on=_due())
    assert "Rita Reader cannot see this document" in str(raised.value)


def test_each_reviewer_answers_and_the_review_completes_when_all_have(as_user, workspace, manager, contributor,
                                                                     reader, draft):
    review = review_request(actor=manager, document=draft, reviewers=[reader, contributor], due_on=_due())
    url = url_for("review", workspace, draft, review_id=review.pk)
    assert as_user(reader).post(url, {"decision": "approved", "comment": "Fine by me."}).status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.OPEN
    assert Reminder.objects.get(key=f"documents.review_due:{review.pk}").recipients == [contributor.pk]
    assert Notification.objects.filter(recipient=manager, activity__verb="documents.review_approved").exists()
    as_user(contributor).post(url, {"decision": "approved", "comment": ""})
    review.refresh_from_db()
    draft.refresh_from_db()
    assert review.status == Review.Status.APPROVED and review.completed_at is not None
    assert draft.review_status == ReviewStatus.APPROVED
    assert not Reminder.objects.filter(key=f"documents.review_due:{review.pk}").exists()
    html = as_user(reader).get(draft.get_absolute_url()).content.decode()
    assert "Approved" in html and "Fine by me." in as_user(reader).get(url).content.decode()


def test_asking_for_changes_needs_a_comment_and_sets_the_status(as_user, workspace, manager, reader, draft):
    review = review_request(actor=manager, document=draft, reviewers=[reader], due_on=_due())
    url = url_for("review", workspace, draft, review_id=review.pk)
    html = as_user(reader).post(url, {"decision": "changes_requested", "comment": ""}).content.decode()
    assert "Say what should change" in html and 'id="id_comment_error"' in html
    as_user(reader).post(url, {"decision": "changes_requested", "comment": "The budget is wrong."})
    draft.refresh_from_db()
    assert draft.review_status == ReviewStatus.CHANGES_REQUESTED
    assert Notification.objects.filter(recipient=manager, activity__verb="documents.review_changes_requested").exists()


def test_every_error_link_of_the_answer_form_leads_to_its_field(as_user, workspace, manager, reader, draft):
    review = review_request(actor=manager, document=draft, reviewers=[reader], due_on=_due())
    url = url_for("review", workspace, draft, review_id=review.pk)
    html = as_user(reader).post(url, {"comment": ""}).content.decode()
    assert 'href="#id_decision_0"' in html and 'id="id_decision_0"' in html  # the first radio: the group has no id
    html = as_user(reader).post(url, {"decision": "changes_requested", "comment": ""}).content.decode()
    assert 'href="#id_comment"' in html and 'id="id_comment"' in html
    assert 'href="#"' not in html


def test_someone_not_asked_cannot_answer(as_user, workspace, manager, contributor, reader, draft):
    review = review_request(actor=manager, document=draft, reviewers=[reader], due_on=_due())
    url = url_for("review", workspace, draft, review_id=review.pk)
    assert as_user(contributor).post(url, {"decision": "approved"}).status_code == 403
    with pytest.raises(ValidationError):
        review_answer(actor=contributor, review=review, decision=Reviewer.Decision.APPROVED)
    assert Reviewer.objects.get().decision == Reviewer.Decision.PENDING


def test_a_finished_review_takes_no_more_answers(as_user, workspace, manager, reader, draft):
    review = review_request(actor=manager, document=draft, reviewers=[reader], due_on=_due())
    review_answer(actor=reader, review=review, decision=Reviewer.Decision.APPROVED)
    url = url_for("review", workspace, draft, review_id=review.pk)
    assert as_user(reader).post(url, {"decision": "changes_requested", "comment": "x"}).status_code == 403


def test_the_reminder_goes_only_to_reviewers_who_have_not_answered(workspace, manager, contributor, reader, draft,
                                                                  commits):
    review = review_request(actor=manager, document=draft, reviewers=[reader, contributor], due_on=_due(3))
    review_answer(actor=contributor, review=review, decision=Reviewer.Decision.APPROVED)
    due_at = Reminder.objects.get().due_at
    with time_machine.travel(due_at + timedelta(minutes=1)), commits():
        assert tasks.send_due_reminders.apply().get() == 1
    reminders = OutboundEmail.objects.filter(kind="reminder")
    assert list(reminders.values_list("recipient__email", flat=True)) == ["reader@example.org"]
    assert "Review due" in reminders.get().subject


def test_withdrawing_a_review_drops_its_reminder(as_user, workspace, manager, reader, draft):
    review = review_request(actor=manager, document=draft, reviewers=[reader], due_on=_due())
    assert as_user(manager).post(url_for("review_withdraw", workspace, draft, review_id=review.pk)).status_code == 302
    review.refresh_from_db()
    draft.refresh_from_db()
    assert review.status == Review.Status.CANCELLED and draft.review_status == ReviewStatus.NONE
    assert not Reminder.objects.exists()


def test_deleting_the_document_drops_reminders_and_restoring_brings_them_back(workspace, manager, reader, draft):
    review_request(actor=manager, document=draft, reviewers=[reader], due_on=_due())
    document_delete(actor=manager, document=draft)
    assert not Reminder.objects.exists()
    document_restore(actor=manager, document=Document.objects.get(pk=draft.pk))
    assert Reminder.objects.get().recipients == [reader.pk]


def test_an_approval_of_an_older_version_says_the_document_has_changed(as_user, workspace, manager, reader, draft):
    review = review_request(actor=manager, document=draft, reviewers=[reader], due_on=_due())
    review_answer(actor=reader, review=review, decision=Reviewer.Decision.APPROVED)
    document_edit(actor=manager, document=draft, text="Changed after approval")
    html = as_user(reader).get(draft.get_absolute_url()).content.decode()
    assert "The document has changed since (it is now at version 2)" in html


def test_reviews_waiting_for_you_are_listed_on_the_library(as_user, workspace, manager, reader, draft):
    stakeholder = make_user("stake@example.org", "Sam Stakeholder")
    add_member(workspace, stakeholder, Role.READER)
    review_request(actor=manager, document=draft, reviewers=[reader], due_on=_due())
    assert "Waiting for your review" in as_user(reader).get(url_for("index", workspace)).content.decode()
    assert "Waiting for your review" not in as_user(stakeholder).get(url_for("index", workspace)).content.decode()
