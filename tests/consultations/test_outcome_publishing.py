"""Publishing the outcome: from closed or analysing only, the status and date set, the reminder
cancelled, and an email to every respondent who opted in and to nobody else; many respondents
are written by a task in chunks; the outcome's editors refuse a stale version and quotes that
may not be published."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations import outcome, publishing
from consultations.models import Comment, Consultation, PublishState, Status
from tests.builders import make_user
from workspaces.models import OutboundEmail

from .builders import make_consultation, make_response, paragraph, section

pytestmark = pytest.mark.django_db


def url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk,
                                                     **kwargs})


def _mails(consultation):
    return OutboundEmail.objects.filter(kind=outcome.MAIL_KIND, ref_id=consultation.pk)


def test_emails_every_respondent_who_opted_in_and_none_who_did_not(workspace, manager, as_user,
                                                                   django_capture_on_commit_callbacks):
    consultation = make_consultation(workspace, manager, stage="analysing")
    wants = [make_user(name=f"Wants {n}") for n in range(3)]
    for person in wants:
        make_response(consultation, person, comments=[("1", 1, "Hi.")])
    declined = make_user(name="Declined")
    make_response(consultation, declined, notify_outcome=False)
    draft_only = make_user(name="Never sent")
    make_response(consultation, draft_only, submitted=False)
    make_response(consultation, None, channel="letter", entered_by=manager)  # no address to write to
    gone = make_user(name="Gone", is_active=False)
    make_response(consultation, gone)
    client = as_user(manager)
    confirm = client.get(url("publish_outcome", consultation)).content.decode()
    assert "3 respondents asked" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url("publish_outcome", consultation))
    assert answer.status_code == 302 and answer["Location"] == url("outcome", consultation)
    consultation.refresh_from_db()
    assert consultation.status == Status.OUTCOME and consultation.outcome_published_at is not None
    assert set(_mails(consultation).values_list("recipient_id", flat=True)) == {p.pk for p in wants}
    sent = OutboundEmail.objects.filter(kind=outcome.MAIL_KIND, status="sent")
    assert sent.count() == 3  # built and sent by the outbox (tasks run in process)


def test_the_outcome_cannot_be_published_while_open_or_twice(workspace, manager, as_user):
    consultation = make_consultation(workspace, manager, stage="open")
    page = as_user(manager).post(url("publish_outcome", consultation)).content.decode()
    assert outcome.STILL_OPEN in page
    assert Consultation.objects.get(pk=consultation.pk).status == Status.LIVE
    closed = make_consultation(workspace, manager, stage="closed")
    outcome.publish_outcome(actor=manager, consultation=closed)
    with pytest.raises(ValidationError):
        outcome.publish_outcome(actor=manager, consultation=Consultation.objects.get(pk=closed.pk))


def test_many_respondents_are_written_by_a_task_in_chunks_once_each(workspace, manager, monkeypatch,
                                                                    django_capture_on_commit_callbacks):
    monkeypatch.setattr(outcome, "INLINE_LIMIT", 2)
    monkeypatch.setattr(outcome, "MAIL_CHUNK", 2)
    consultation = make_consultation(workspace, manager, stage="analysing")
    people = [make_user() for _ in range(5)]
    for person in people:
        make_response(consultation, person)
    with django_capture_on_commit_callbacks(execute=True):
        outcome.publish_outcome(actor=manager, consultation=consultation)
    assert _mails(consultation).count() == 5
    outcome.send_outcome_mail(consultation.pk)  # a second run writes nothing new
    assert _mails(consultation).count() == 5


def test_the_editors_refuse_a_stale_version_and_keep_what_was_typed(workspace, manager, as_user):
    consultation = make_consultation(workspace, manager, stage="analysing")
    client = as_user(manager)
    old = consultation.version
    assert client.post(url("outcome_edit", consultation),
                       {"outcome_summary": "First.", "loaded_version": old}).status_code == 302
    page = client.post(url("outcome_edit", consultation), {"outcome_summary": "Mine, typed late.",
                                                           "loaded_version": old}).content.decode()
    assert "Someone else saved the outcome" in page and "Mine, typed late." in page
    assert Consultation.objects.get(pk=consultation.pk).outcome_summary == "First."


def test_a_section_saves_its_response_final_wording_and_only_publishable_quotes(workspace, manager, reader,
                                                                                 contributor, as_user):
    consultation = make_consultation(workspace, manager, stage="analysing")
    named = make_response(consultation, reader, consent="named", comments=[("2", 1, "Weekly is too rare.")])
    private = make_response(consultation, contributor, consent="private", comments=[("2", 2, "Private.")])
    approved = named.comments.get()
    publishing.decide(actor=manager, consultation=consultation, kind="comment", pk=approved.pk, state="approved")
    hidden = private.comments.get()
    Comment.objects.filter(pk=hidden.pk).update(publish_state=PublishState.APPROVED)
    two = section(consultation, "2")
    first = paragraph(consultation, "2", 1)
    client = as_user(manager)
    address = url("outcome_section", consultation, section=two.pk)
    page = client.get(address).content.decode()
    assert "Weekly is too rare." in page and "Private." not in page
    version = Consultation.objects.get(pk=consultation.pk).version
    refused = client.post(address, {"response_text": "We listened.", "quoted": [hidden.pk],
                                    "loaded_version": version}).content.decode()
    assert "Select a valid choice" in refused and "We listened." in refused
    answer = client.post(address, {"response_text": "We listened.", "changes_text": "Tests are twice weekly.",
                                   "quoted": [approved.pk], f"final_{first.pk}": "Sites will be tested twice a week.",
                                   "loaded_version": version})
    assert answer.status_code == 302
    two.refresh_from_db()
    first.refresh_from_db()
    assert two.response_text == "We listened." and "<p>We listened.</p>" in two.response_html
    assert first.final_text == "Sites will be tested twice a week."
    assert Comment.objects.get(pk=approved.pk).quoted
    with pytest.raises(ValidationError):
        outcome.save_section(actor=manager, consultation=consultation, section=two, response_text="", changes_text="",
                             final_texts={}, quoted=[hidden.pk], base_version=None)
