"""responding.py: the person's response, comments and suggestions, answers stored per the kit's
storage contract, submit (counters, pre-moderation, idempotence, the receipt) and the refusals."""

import pytest
from django.core.exceptions import ValidationError

from consultations import responding
from consultations.models import Answer, Comment, Consultation, Option, Question, Response
from workspaces.kit.questions.logic import AnswerValue
from workspaces.models import OutboundEmail

from .builders import make_consultation, paragraph, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(workspace, manager):
    return make_consultation(workspace, manager)


def _questions(consultation):
    agree = Question.objects.create(consultation=consultation, kind="single", code="Q1", text="Do you agree?",
                                    required=True, position=1)
    for n, label in enumerate(("Yes", "No"), 1):
        Option.objects.create(question=agree, code=f"o{n}", label=label, position=n)
    why = Question.objects.create(consultation=consultation, kind="long_text", code="Q2", text="Why?", position=2,
                                  section=section(consultation, "2"))
    return agree, why


def test_a_first_comment_starts_the_response_and_the_same_place_is_changed_not_doubled(reader, consultation):
    first = responding.save_comment(actor=reader, response=None, section=section(consultation, "2"),
                                    paragraph=paragraph(consultation, "2", 4), kind="comment", body="One")
    response = responding.current_response(reader, consultation)
    again = responding.save_comment(actor=reader, response=response, section=section(consultation, "2"),
                                    paragraph=paragraph(consultation, "2", 4), kind="comment", body="Two")
    assert first.pk == again.pk and Comment.objects.get().body == "Two"
    assert response.status == "in_progress" and Response.objects.count() == 1
    assert response.text_hash == ""  # the campaigns part's job fills it in


def test_answers_are_stored_one_row_per_value_and_required_ones_checked_on_submit(reader, consultation):
    agree, why = _questions(consultation)
    response = responding.save_details(actor=reader, response=None, consultation=consultation,
                                       details={"consent": "named", "display_name": "Rita"},
                                       answers={"Q2": [AnswerValue(text="Cost")]})
    with pytest.raises(ValidationError, match="Answer this question: Do you agree"):
        responding.submit(actor=reader, response=response)
    responding.save_details(actor=reader, response=response, consultation=consultation, details={},
                            answers={"Q1": [AnswerValue(choice="o1")], "Q2": [AnswerValue(text="Cost")]})
    assert set(Answer.objects.values_list("code", "choice", "text")) == {("Q1", "o1", ""), ("Q2", "", "Cost")}
    assert responding.submit(actor=reader, response=response) is True
    response.refresh_from_db()
    assert response.is_submitted and response.consent == "named" and response.display_name == "Rita"
    assert "Do you agree?" in OutboundEmail.objects.get().payload["text"]


def test_submit_counts_once_and_a_second_submit_does_nothing(reader, contributor, consultation):
    for person in (reader, contributor):
        responding.save_comment(actor=person, response=None, section=section(consultation, "2"),
                                paragraph=paragraph(consultation, "2", 4), kind="comment", body="Hm")
        responding.save_comment(actor=person, response=None, section=section(consultation, "1"), paragraph=None,
                                kind="comment", body="Overall")
        response = responding.current_response(person, consultation)
        assert responding.submit(actor=person, response=response) is True
        assert responding.submit(actor=person, response=response) is False
    consultation.refresh_from_db()
    assert (consultation.response_count, consultation.comment_count) == (2, 4)
    assert section(consultation, "2").comment_count == 2 and section(consultation, "1").comment_count == 2
    assert Comment.objects.filter(submitted=True, status="published").count() == 4
    assert OutboundEmail.objects.filter(kind="consultations.receipt").count() == 2


def test_premoderation_puts_each_comment_in_the_queue(reader, workspace, manager, monkeypatch):
    pre = make_consultation(workspace, manager, moderation="pre")
    queued = []
    monkeypatch.setattr(responding.moderation, "submitted", lambda *, actor, item: queued.append(item.pk))
    responding.save_comment(actor=reader, response=None, section=section(pre, "2"),
                            paragraph=paragraph(pre, "2", 5), kind="suggestion", suggested_text="New words")
    responding.submit(actor=reader, response=responding.current_response(reader, pre))
    comment = Comment.objects.get()
    assert comment.status == "pending" and queued == [comment.pk]


def test_refusals_write_nothing(reader, outsider, workspace, manager, consultation):
    closed = make_consultation(workspace, manager, stage="closed")
    with pytest.raises(ValidationError, match="Closed for responses"):
        responding.save_comment(actor=reader, response=None, section=section(closed, "2"),
                                paragraph=paragraph(closed, "2", 4), kind="comment", body="Late")
    with pytest.raises(ValidationError):
        responding.save_comment(actor=outsider, response=None, section=section(consultation, "2"),
                                paragraph=paragraph(consultation, "2", 4), kind="comment", body="Not a member")
    with pytest.raises(ValidationError, match="the same as the paragraph"):
        responding.save_comment(actor=reader, response=None, section=section(consultation, "2"),
                                paragraph=paragraph(consultation, "2", 5), kind="suggestion",
                                suggested_text=paragraph(consultation, "2", 5).text)
    with pytest.raises(ValidationError):
        responding.save_comment(actor=reader, response=None, section=section(consultation, "2"),
                                paragraph=paragraph(consultation, "2", 4), kind="comment", body="x" * 10_001)
    assert not Response.objects.exists() and not Comment.objects.exists()


def test_someone_elses_comment_cannot_be_removed(reader, contributor, consultation):
    comment = responding.save_comment(actor=reader, response=None, section=section(consultation, "2"),
                                      paragraph=paragraph(consultation, "2", 4), kind="comment", body="Mine")
    with pytest.raises(ValidationError):
        responding.remove_comment(actor=contributor, comment=comment)
    responding.remove_comment(actor=reader, comment=comment)
    assert not Comment.objects.exists()
    assert Consultation.objects.get(pk=consultation.pk).comment_count == 0
