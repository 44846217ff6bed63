"""Publishing by consent × decision × confidentiality: only consented, approved, not
confidential parts are ever on the published pages; "[redacted]" where a span was taken out;
the private receipt ID never on any public page."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations import publishing
from consultations.models import Answer, Comment, Consultation, PublishState, Question, Redaction
from tests.builders import make_user
from workspaces.models import AuditEntry

from .builders import make_consultation, make_response

pytestmark = pytest.mark.django_db

CONSENTS = ("named", "anonymous", "private")
STATES = (PublishState.APPROVED, PublishState.REJECTED, PublishState.PENDING)


def url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk,
                                                     **kwargs})


@pytest.fixture
def consultation(workspace, manager):
    found = make_consultation(workspace, manager, stage="analysing")
    Consultation.objects.filter(pk=found.pk).update(responses_published=True)
    return Consultation.objects.get(pk=found.pk)


def _decide_everything(consultation, manager, state):
    for comment in Comment.objects.filter(consultation=consultation):
        try:
            publishing.decide(actor=manager, consultation=consultation, kind="comment", pk=comment.pk, state=state)
        except ValidationError:
            pass  # never publishable: nothing to decide


def test_the_consent_moderation_and_confidentiality_matrix(consultation, manager, reader, as_user):
    cases = {}
    for consent, state, confidential in itertools.product(CONSENTS, STATES, (False, True)):
        person = make_user(name=f"Person {consent} {state} {confidential}")
        text = f"Said by {consent}/{state}/{'secret' if confidential else 'open'}."
        response = make_response(consultation, person, consent=consent, comments=[("2", 1, text)])
        comment = response.comments.get()
        Comment.objects.filter(pk=comment.pk).update(confidential=confidential)
        cases[text] = (consent, state, confidential, response)
        if consent != "private" and not confidential:
            publishing.decide(actor=manager, consultation=consultation, kind="comment", pk=comment.pk, state=state)
        else:
            with pytest.raises(ValidationError):
                publishing.decide(actor=manager, consultation=consultation, kind="comment", pk=comment.pk,
                                  state=state)
    page = as_user(reader).get(url("published", consultation)).content.decode()
    for text, (consent, state, confidential, response) in cases.items():
        shown = consent != "private" and state == PublishState.APPROVED and not confidential
        assert (text in page) is shown, (text, page)
        assert response.receipt_id not in page
        assert (response.public_id in page) is shown
        if shown:
            assert (f"Person {consent} {state} {confidential}" in page) is (consent == "named")


def test_a_private_response_is_never_published_even_if_approved_by_hand(consultation, manager, reader, as_user):
    response = make_response(consultation, reader, consent="private", comments=[("1", 1, "Only for you.")])
    Comment.objects.filter(response=response).update(publish_state=PublishState.APPROVED,
                                                     published_body="Only for you.")
    client = as_user(reader)
    assert "Only for you." not in client.get(url("published", consultation)).content.decode()
    assert client.get(url("published_response", consultation, public_id=response.public_id)).status_code == 404


def test_a_redaction_shows_redacted_and_is_audited_with_its_reason(consultation, manager, reader, as_user):
    response = make_response(consultation, reader, consent="anonymous",
                             comments=[("2", 2, "Call Jane Smith on 07700 900123 about it. Jane Smith knows.")])
    comment = response.comments.get()
    publishing.decide(actor=manager, consultation=consultation, kind="comment", pk=comment.pk, state="approved")
    publishing.redact(actor=manager, consultation=consultation, kind="comment", pk=comment.pk,
                      span="Jane Smith", reason="Names a private person")
    publishing.redact(actor=manager, consultation=consultation, kind="comment", pk=comment.pk,
                      span="Jane Smith", reason="Names a private person")  # the second time it occurs
    publishing.redact(actor=manager, consultation=consultation, kind="comment", pk=comment.pk,
                      span="07700 900123", reason="A phone number")
    comment.refresh_from_db()
    assert comment.published_body == "Call [redacted] on [redacted] about it. [redacted] knows."
    assert Redaction.objects.filter(comment=comment).count() == 3
    entry = AuditEntry.objects.filter(action="consultation.redacted").order_by("pk").last()
    assert entry.after["reason"] == "A phone number"
    with pytest.raises(ValidationError) as refused:
        publishing.redact(actor=manager, consultation=consultation, kind="comment", pk=comment.pk,
                          span="Jane Smith", reason="Again")
    assert "already been taken out" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        publishing.redact(actor=manager, consultation=consultation, kind="comment", pk=comment.pk,
                          span="John", reason="Not there")
    assert "was not found" in str(refused.value)
    page = as_user(reader).get(url("published", consultation)).content.decode()
    assert "[redacted]" in page and "07700" not in page and "Jane" not in page


def test_a_suggestion_publishes_its_wording_and_reason_each_redacted_on_its_own(consultation, manager, reader):
    response = make_response(consultation, reader, consent="named",
                             suggestions=[("2", 5, "Councils may add sites after notice to Bob.")])
    suggestion = response.comments.get()
    Comment.objects.filter(pk=suggestion.pk).update(body="Bob agrees with this.")
    publishing.redact(actor=manager, consultation=consultation, kind="comment", pk=suggestion.pk, span="Bob",
                      reason="A name", field="suggestion")
    suggestion.refresh_from_db()
    assert suggestion.published_suggestion == ""  # not approved yet: nothing published
    publishing.decide(actor=manager, consultation=consultation, kind="comment", pk=suggestion.pk, state="approved")
    suggestion.refresh_from_db()
    assert suggestion.published_suggestion == "Councils may add sites after notice to [redacted]."
    assert suggestion.published_body == "Bob agrees with this."
    publishing.decide(actor=manager, consultation=consultation, kind="comment", pk=suggestion.pk, state="rejected")
    suggestion.refresh_from_db()
    assert suggestion.published_suggestion == "" and suggestion.published_body == ""


def _question(consultation, code, kind="text"):
    return Question.objects.create(consultation=consultation, code=code, kind=kind, text=f"Question {code}?")


def test_answers_free_text_needs_approval_choices_do_not_and_confidential_answers_never(
        consultation, manager, reader, contributor, as_user):
    text_q = _question(consultation, "Q1")
    choice_q = _question(consultation, "Q2", kind="single")
    choice_q.options.create(code="o1", label="Yes, weekly")
    open_response = make_response(consultation, reader, consent="anonymous", comments=[("1", 1, "Hello.")])
    secret_response = make_response(consultation, contributor, consent="named", answers_confidential=True,
                                    comments=[("1", 2, "Hi.")])
    for response, words in ((open_response, "Open words"), (secret_response, "Secret words")):
        Answer.objects.create(response=response, consultation=consultation, question=text_q, code="Q1", text=words)
        Answer.objects.create(response=response, consultation=consultation, question=choice_q, code="Q2",
                              choice="o1")
    _decide_everything(consultation, manager, "approved")
    client = as_user(reader)
    page = client.get(url("published", consultation)).content.decode()
    assert "Yes, weekly" in page and "Open words" not in page and "Secret words" not in page
    answer = Answer.objects.get(response=open_response, code="Q1")
    publishing.decide(actor=manager, consultation=consultation, kind="answer", pk=answer.pk, state="approved")
    with pytest.raises(ValidationError):
        publishing.decide(actor=manager, consultation=consultation, kind="answer",
                          pk=Answer.objects.get(response=secret_response, code="Q1").pk, state="approved")
    page = client.get(url("published", consultation)).content.decode()
    assert "Open words" in page and "Secret words" not in page
    assert page.count("Yes, weekly") == 1  # the confidential response's choice stays out


def test_the_receipt_id_is_never_on_a_public_page(consultation, manager, reader, as_user):
    response = make_response(consultation, reader, consent="named", comments=[("2", 1, "Weekly is fine.")])
    _decide_everything(consultation, manager, "approved")
    Consultation.objects.filter(pk=consultation.pk).update(status="outcome")
    Comment.objects.filter(response=response).update(quoted=True)
    client = as_user(reader)
    for address in (url("published", consultation),
                    url("published_response", consultation, public_id=response.public_id),
                    url("outcome", consultation),
                    reverse("consultations:outcomes", kwargs={"workspace": consultation.workspace.slug})):
        page = client.get(address)
        assert page.status_code == 200, address
        assert response.receipt_id not in page.content.decode(), address
    assert "Weekly is fine." in client.get(url("outcome", consultation)).content.decode()  # the quote
