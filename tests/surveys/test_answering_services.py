"""The answering services: saving pages, submitting once, one response per person, anonymity,
skip logic, the window, versions."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from surveys import answering, resume, services
from surveys.models import Answer, Participation, Response, ResponseStatus, Survey

from .builders import add_questions, fresh, make_survey, q

pytestmark = pytest.mark.django_db

BRANCHING = [
    {"title": "Travel", "questions": [q("Q1", "single", "Do you cycle?", options=["Yes", "No"], required=True)]},
    {"title": "Cycling", "show_if": ("Q1", "is", "o1"),
     "questions": [q("Q2", "number", "How many miles?", min_value=0, max_value=200, required=True)]},
    {"title": "More", "questions": [q("Q3", "long_text", "Anything else?")]},
]


def post(**values):
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data[key.replace("_", "-")] = value
    return data


def answer_all(survey, person, response=None, q1="o1"):
    saved = answering.save_page(survey=survey, response=response, respondent=person, ordinal=1,
                                data=post(q_Q1=q1), required=True)
    response = saved.response
    if q1 == "o1":
        answering.save_page(survey=survey, response=response, respondent=person, ordinal=2, data=post(q_Q2="12"),
                            required=True)
    answering.save_page(survey=survey, response=response, respondent=person, ordinal=3, data=post(q_Q3="Fine"),
                        required=True)
    return saved


def test_a_refused_first_save_stores_nothing(workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=BRANCHING)
    saved = answering.save_page(survey=survey, response=None, respondent=reader, ordinal=1, data=post(),
                                required=True)
    assert saved.response is None and saved.parsed.errors == {"Q1": "Select whether you cycle"}
    assert not Response.objects.exists() and not Participation.objects.exists()


def test_submit_is_idempotent_and_counted_once(workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=BRANCHING)
    response = answer_all(survey, reader).response
    assert fresh(survey).in_progress_count == 1
    answering.submit(response=response, respondent=reader)
    again = answering.submit(response=response, respondent=reader)  # a double click
    assert again.is_submitted
    survey = fresh(survey)
    assert (survey.submitted_count, survey.in_progress_count) == (1, 0)
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 1
    assert Participation.objects.get(user=reader).completed_at is not None


def test_one_response_per_person_unless_multiple(workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=BRANCHING)
    answering.submit(response=answer_all(survey, reader).response, respondent=reader)
    with pytest.raises(answering.Refused, match="already responded"):
        answering.save_page(survey=survey, response=None, respondent=reader, ordinal=1, data=post(q_Q1="o2"),
                            required=True)
    multiple = make_survey(workspace, manager, pages=BRANCHING, allow_multiple=True)
    for _ in range(2):
        answering.submit(response=answer_all(multiple, reader).response, respondent=reader)
    assert fresh(multiple).submitted_count == 2


def test_a_named_person_continues_their_response_rather_than_starting_two(workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=BRANCHING)
    first = answer_all(survey, reader).response
    second = answering.save_page(survey=survey, response=None, respondent=reader, ordinal=1, data=post(q_Q1="o2"),
                                 required=True).response
    assert first.pk == second.pk and Response.objects.count() == 1


def test_anonymous_responses_hold_no_person_and_nothing_links_participation(workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=BRANCHING, anonymous=True)
    saved = answer_all(survey, reader)
    answering.submit(response=saved.response, respondent=reader)
    response = fresh(saved.response)
    assert response.respondent_id is None and response.entered_by_id is None
    assert Participation.objects.get(survey=survey, user=reader).completed_at is not None
    # No column of either table points at the other.
    for model, other in ((Participation, Response), (Response, Participation)):
        assert not [f for f in model._meta.get_fields() if getattr(f, "related_model", None) is other]
    assert {f.name for f in Participation._meta.fields} & {"response", "response_id", "resume_hash"} == set()
    # The second answer of the same person is refused all the same.
    with pytest.raises(answering.Refused):
        answer_all(survey, reader)


def test_hidden_answers_are_never_stored_and_dropped_on_submit(workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=BRANCHING)
    response = answer_all(survey, reader).response  # Q1 yes, Q2 12
    assert set(Answer.objects.filter(response=response).values_list("code", flat=True)) == {"Q1", "Q2", "Q3"}
    answering.save_page(survey=survey, response=response, respondent=reader, ordinal=1, data=post(q_Q1="o2"),
                        required=True)  # now Q2's page is hidden
    # A posted answer to the hidden page is ignored.
    answering.save_page(survey=survey, response=response, respondent=reader, ordinal=2, data=post(q_Q2="99"),
                        required=True)
    assert Answer.objects.get(response=response, code="Q2").number == 12
    answering.submit(response=response, respondent=reader)
    assert set(Answer.objects.filter(response=response).values_list("code", flat=True)) == {"Q1", "Q3"}


def test_required_answers_of_shown_questions_are_checked_on_submit(workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=BRANCHING)
    saved = answering.save_page(survey=survey, response=None, respondent=reader, ordinal=1, data=post(q_Q1="o1"),
                                required=True)
    with pytest.raises(answering.Incomplete) as raised:
        answering.submit(response=saved.response, respondent=reader)
    assert [(m.ordinal, m.question.code) for m in raised.value.missing] == [(2, "Q2")]
    assert not fresh(saved.response).is_submitted


def test_save_for_later_keeps_what_is_valid_without_insisting(workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=BRANCHING)
    response = answer_all(survey, reader).response
    saved = answering.save_page(survey=survey, response=response, respondent=reader, ordinal=2,
                                data=post(q_Q2="lots"), required=False)
    assert saved.parsed.errors == {"Q2": "Enter a number between 0 and 200"}
    assert Answer.objects.get(response=response, code="Q2").number == 12  # the stored one stays


def test_answers_after_close_are_refused_and_nothing_is_stored(workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=BRANCHING)
    response = answer_all(survey, reader).response
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(answering.Refused, match="^Closed on "):
        answering.save_page(survey=fresh(survey), response=response, respondent=reader, ordinal=3,
                            data=post(q_Q3="Changed"), required=True)
    with pytest.raises(answering.Refused):
        answering.submit(response=response, respondent=reader)
    assert Answer.objects.get(response=response, code="Q3").text == "Fine"
    assert not fresh(response).is_submitted and fresh(survey).submitted_count == 0


def test_a_response_started_on_v1_finishes_on_v1(workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=BRANCHING)
    v1 = survey.live_version
    saved = answering.save_page(survey=survey, response=None, respondent=reader, ordinal=1, data=post(q_Q1="o2"),
                                required=True)
    draft = fresh(survey).draft_version
    add_questions(draft, [[], [], [], [q("Q9", "short_text", "New and required", required=True)]])
    services.publish(actor=manager, survey=fresh(survey))
    assert fresh(survey).live_version_id != v1.pk
    answering.save_page(survey=fresh(survey), response=saved.response, respondent=reader, ordinal=3,
                        data=post(q_Q3="Done"), required=True)
    done = answering.submit(response=saved.response, respondent=reader)  # Q9 is not asked on v1
    assert done.version_id == v1.pk and done.is_submitted
    assert set(Answer.objects.filter(response=done).values_list("question__version", flat=True)) == {v1.pk}


def test_resubmitting_a_changed_response_counts_out_then_in(workspace, manager, reader, monkeypatch):
    survey = make_survey(workspace, manager, pages=BRANCHING, allow_edit=True)
    response = answering.submit(response=answer_all(survey, reader).response, respondent=reader)
    calls = []
    monkeypatch.setattr(answering.tallies, "count_out", lambda r: calls.append(("out", Answer.objects.filter(
        response=r).count())))
    monkeypatch.setattr(answering.tallies, "count_in", lambda r: calls.append(("in", Answer.objects.filter(
        response=r).count())))
    changed = answering.answers_of(response)
    changed["Q1"] = [answering.AnswerValue(choice="o2")]
    answering.resubmit(response=response, respondent=reader, answers=changed)
    assert calls == [("out", 3), ("in", 2)]  # counted out as it was, in as it is (Q2 hidden now)
    assert fresh(survey).submitted_count == 1


def test_paper_entry_refuses_answers_to_hidden_questions(workspace, manager):
    survey = make_survey(workspace, manager, pages=BRANCHING)
    response, parsed = answering.enter_response(survey=survey, actor=manager, channel="paper",
                                                data=post(q_Q1="o2", q_Q2="5"))
    assert response is None and "not asked" in parsed.errors["Q2"]
    response, parsed = answering.enter_response(survey=survey, actor=manager, channel="phone",
                                                data=post(q_Q1="o2", q_Q3="By phone"))
    assert response.is_submitted and response.channel == "phone" and response.entered_by == manager
    assert fresh(survey).submitted_count == 1
    from workspaces.models import Activity

    assert Activity.objects.filter(verb="surveys.response_entered").count() == 1


def test_resume_tokens_open_only_their_response(workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=BRANCHING)
    saved = answer_all(survey, reader)
    token = resume.make_token(saved.response, saved.secret)
    response_id, secret, _ = resume.read_token(token)
    assert resume.find(survey, response_id, secret) == saved.response
    assert resume.find(survey, response_id, secret + "x") is None
    assert resume.read_token(token[:-2] + "xx") is None
    anonymous = make_survey(workspace, manager, pages=BRANCHING, anonymous=True)
    other = answer_all(anonymous, reader)
    token = resume.make_token(other.response, other.secret, owner_id=reader.pk, anonymous=True)
    assert resume.read_token(token)[0] is None  # the token names no response
    assert resume.find(anonymous, None, other.secret) == other.response
