"""The publishing pages: the list of parts with its filters, Approve / Reject, the redaction
form (its refusals next to the field, nothing typed lost), the "Publish responses" switch, and
the published pages' query counts, equal at two sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import Comment, Consultation, PublishState, Redaction
from tests.builders import make_user

from .builders import make_consultation, make_response, section

pytestmark = pytest.mark.django_db


def url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk,
                                                     **kwargs})


@pytest.fixture
def consultation(workspace, manager):
    return make_consultation(workspace, manager, stage="closed")


def test_the_list_shows_pending_parts_and_approve_moves_one_to_approved(consultation, manager, reader, as_user):
    response = make_response(consultation, reader, consent="named", comments=[("2", 1, "Weekly is too rare.")],
                             suggestions=[("2", 5, "Councils may add sites after notice.")])
    make_response(consultation, make_user(), consent="private", comments=[("2", 2, "Keep this to yourselves.")])
    client = as_user(manager)
    page = client.get(url("publishing", consultation)).content.decode()
    assert "Weekly is too rare." in page and "Councils may add sites after notice." in page
    assert "Keep this to yourselves." not in page  # private: never a candidate
    comment = response.comments.get(kind="comment")
    here = url("publishing", consultation) + "?state=pending"
    answer = client.post(url("publish_decide", consultation, kind="comment", part=comment.pk),
                         {"state": "approved", "next": here})
    assert answer.status_code == 302 and answer["Location"] == here
    comment.refresh_from_db()
    assert comment.publish_state == PublishState.APPROVED and comment.published_body == "Weekly is too rare."
    assert "Weekly is too rare." not in client.get(here).content.decode()
    assert "Weekly is too rare." in client.get(url("publishing", consultation) + "?state=approved").content.decode()
    by_section = client.get(url("publishing", consultation) + f"?section={section(consultation, '1').pk}")
    assert "Councils may add" not in by_section.content.decode()


def test_a_bad_filter_or_decision_is_refused_without_a_500(consultation, manager, reader, as_user):
    response = make_response(consultation, reader, comments=[("2", 1, "Fine.")])
    client = as_user(manager)
    page = client.get(url("publishing", consultation) + "?state=bogus&section=abc&what=x")
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
    comment = response.comments.get()
    assert client.post(url("publish_decide", consultation, kind="comment", part=comment.pk),
                       {"state": "maybe"}).status_code == 302
    assert client.post(url("publish_decide", consultation, kind="nothing", part=comment.pk),
                       {"state": "approved"}).status_code == 404
    assert client.post(url("publish_decide", consultation, kind="comment", part=comment.pk),
                       {"state": "approved", "next": "https://evil.example/"})["Location"].startswith("/")
    comment.refresh_from_db()
    assert comment.publish_state == PublishState.APPROVED


def test_the_redaction_form_refuses_text_not_found_next_to_the_field_keeping_what_was_typed(
        consultation, manager, reader, as_user):
    response = make_response(consultation, reader, comments=[("2", 1, "Ask Jane Smith.")])
    comment = response.comments.get()
    client = as_user(manager)
    address = url("redact", consultation, kind="comment", part=comment.pk)
    assert "Text to take out" in client.get(address).content.decode()
    page = client.post(address, {"span": "John Smith", "reason": "A name I typed"}).content.decode()
    assert "was not found there" in page and "A name I typed" in page and "John Smith" in page
    page = client.post(address, {"span": "", "reason": ""}).content.decode()
    assert "This field is required" in page
    assert not Redaction.objects.exists()
    assert client.post(address, {"span": "Jane Smith", "reason": "A name"}).status_code == 302
    assert Redaction.objects.get().reason == "A name"


def test_the_switch_publishes_responses_and_readers_then_see_them(consultation, manager, reader, as_user):
    make_response(consultation, reader, consent="named", comments=[("2", 1, "Weekly.")])
    Comment.objects.update(publish_state=PublishState.APPROVED, published_body="Weekly.")
    assert as_user(reader).get(url("published", consultation)).status_code == 403
    as_user(manager).post(url("publish_responses", consultation), {"published": "1"})
    assert Consultation.objects.get(pk=consultation.pk).responses_published
    page = as_user(reader).get(url("published", consultation)).content.decode()
    assert "Weekly." in page and "1 response" in page
    as_user(manager).post(url("publish_responses", consultation), {"published": "0"})
    assert as_user(reader).get(url("published", consultation)).status_code == 403


def _world(consultation, size):
    for n in range(size):
        response = make_response(consultation, make_user(), consent="named" if n % 2 else "anonymous",
                                 comments=[("2", 1, f"Comment {n}."), ("1", None, f"On the section {n}.")],
                                 suggestions=[("2", 5, f"Wording {n}.")])
        Comment.objects.filter(response=response).update(publish_state=PublishState.APPROVED,
                                                         published_body=f"Published {n}.")


def _queries(client, address):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["published", "publishing"])
def test_the_pages_run_the_same_queries_at_two_sizes(name, consultation, manager, as_user):
    Consultation.objects.filter(pk=consultation.pk).update(responses_published=True)
    client = as_user(manager)
    _world(consultation, 3)
    client.get(url(name, consultation))  # the session's and the access cache's first-visit queries
    small = _queries(client, url(name, consultation))
    _world(consultation, 30)
    assert _queries(client, url(name, consultation)) == small


def test_free_text_answers_are_listed_for_a_decision_and_a_published_suggestion_reads_in_full(
        consultation, manager, reader, as_user):
    from consultations import publishing
    from consultations.models import Answer, Question

    question = Question.objects.create(consultation=consultation, code="Q1", kind="text", text="Anything else?")
    response = make_response(consultation, reader, consent="named", suggestions=[("2", 5, "Add a notice period.")])
    Answer.objects.create(response=response, consultation=consultation, question=question, code="Q1",
                          text="More beaches please.")
    client = as_user(manager)
    page = client.get(url("publishing", consultation) + "?what=answers").content.decode()
    assert "More beaches please." in page and "Anything else?" in page
    suggestion = response.comments.get()
    Comment.objects.filter(pk=suggestion.pk).update(body="Because councils move fast.")
    publishing.decide(actor=manager, consultation=consultation, kind="comment", pk=suggestion.pk, state="approved")
    one = client.get(url("published_response", consultation, public_id=response.public_id)).content.decode()
    assert "Add a notice period." in one and "Because councils move fast." in one
    assert "More beaches please." not in one  # not approved yet
    assert reader.display_name in one and response.receipt_id not in one
