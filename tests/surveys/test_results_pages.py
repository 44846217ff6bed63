"""The results pages: what they show, the filters, text answers, responses, the summary, and
their query counts, equal at two sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys import services
from surveys.models import Survey

from ..builders import make_team
from .builders import SAMPLE_PAGES, add_questions, make_survey, q, url
from .results_builders import respond

pytestmark = pytest.mark.django_db

FULL = {"Q1": "o1", "Q2": 12, "Q3": "o4", "Q4": ["o1", ("other", "A bus")], "Q5": {"r1": "c3"}, "Q6": "Fine"}
NO = {"Q1": "o2", "Q3": "o2", "Q4": ["o2"]}


@pytest.fixture
def survey(workspace, manager):
    return make_survey(workspace, manager, pages=SAMPLE_PAGES, title="Travel")


def _page(client, address, status=200):
    response = client.get(address)
    assert response.status_code == status, address
    return response.content.decode()


def test_the_results_page_shows_each_question_with_counts_and_percentages(as_user, survey, manager):
    respond(survey, FULL)
    respond(survey, FULL)
    respond(survey, NO)
    respond(survey, {"Q1": "o1"}, status="in_progress")
    page = _page(as_user(manager), url("results", survey.workspace, pk=survey.pk))
    assert "<strong>3</strong> submitted responses · 1 in progress" in page
    assert "Do you cycle to work?" in page and "3 answered" in page
    assert '<td data-label="Count">2</td>' in page and "66.7%" in page  # Yes: 2 of 3
    assert "Mean</dt><dd>12.00" in page and "Rate each" in page
    assert "Read the answers" in page and "Read the “Other” answers (2)" in page
    assert 'width="66.7"' in page  # the bar, its number beside it in text


def _filtered(client, survey, **params):
    from urllib.parse import urlencode

    return _page(client, url("results", survey.workspace, pk=survey.pk) + "?" + urlencode(params))


def test_the_filters_narrow_the_results(as_user, survey, manager, reader, workspace):
    team = make_team(workspace, "Riders", members=[reader])
    respond(survey, FULL, source="newsletter", respondent=reader)
    respond(survey, NO)
    respond(survey, NO, status="in_progress")
    client = as_user(manager)
    assert "<strong>1</strong> response match" in _filtered(client, survey, answer="Q1:o1")
    assert "<strong>1</strong> response match" in _filtered(client, survey, source="newsletter")
    assert "<strong>1</strong> response match" in _filtered(client, survey, team=team.pk)
    assert "<strong>1</strong> response match" in _filtered(client, survey, status="partial")
    assert "<strong>3</strong> responses match" in _filtered(client, survey, status="all")
    by_version = _filtered(client, survey, version=1)
    assert "<strong>2</strong> submitted responses on version 1" in by_version


def test_a_filter_that_makes_no_sense_is_refused_by_the_field_not_a_500(as_user, survey, manager):
    respond(survey, FULL)
    page = _filtered(as_user(manager), survey, version=7, answer="Q9:zz", status="bogus")
    assert "There is a problem" in page and "The results below are not filtered." in page
    assert "Select a valid choice" in page and "<strong>1</strong> submitted response" in page


def test_an_anonymous_survey_has_no_team_filter_and_no_individual_responses(as_user, workspace, manager):
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES, anonymous=True)
    response = respond(survey, FULL)
    client = as_user(manager)
    page = _page(client, url("results", workspace, pk=survey.pk))
    assert 'name="team"' not in page and "Individual responses" not in page
    texts = _page(client, url("text_answers", workspace, pk=survey.pk, code="Q6"))
    assert "Fine" in texts and f"Response {response.pk}" not in texts and "submitted" not in texts
    refused = _page(client, url("responses", workspace, pk=survey.pk), status=404)
    assert "cannot be read one by one" in refused
    _page(client, url("response", workspace, pk=survey.pk, response_id=response.pk), status=404)


def test_a_question_added_in_version_2_says_so(as_user, survey, manager):
    respond(survey, FULL)
    add_questions(survey.draft_version, [[], [q("Q7", "single", "New one", options=["A", "B"])]])
    services.publish(actor=manager, survey=survey)
    survey = Survey.objects.get(pk=survey.pk)
    respond(survey, {**NO, "Q7": "o1"})
    page = _page(as_user(manager), url("results", survey.workspace, pk=survey.pk))
    assert "Asked from version 2: 1 answered" in page
    assert "<strong>2</strong> submitted responses" in page


def test_text_answers_are_inert_searchable_and_paged(as_user, survey, manager, settings):
    settings.ENGAGE_PAGE_SIZE = 2
    respond(survey, {"Q6": "<script>alert(1)</script> lanes"})
    for n in range(3):
        respond(survey, {"Q6": f"Answer {n}"})
    client = as_user(manager)
    address = url("text_answers", survey.workspace, pk=survey.pk, code="Q6")
    first = _page(client, address)
    assert "Answer 2" in first and "Answer 1" in first and "Answer 0" not in first
    found = client.get(address + "?q=LANES")
    text = found.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; lanes" in text and "<script>alert(1)" not in text
    assert "Answer 2" not in text
    after = client.get(address + client.get(address).context["page_obj"].next_query)
    assert "Answer 0" in after.content.decode()
    assert "at most 200 characters" in _page(client, address + "?q=" + "x" * 201)
    _page(client, url("text_answers", survey.workspace, pk=survey.pk, code="Q3"), status=404)  # not text
    _page(client, url("text_answers", survey.workspace, pk=survey.pk, code="Q99"), status=404)


def test_other_answers_of_a_choice_question_are_listed(as_user, survey, manager):
    respond(survey, FULL)
    assert "A bus" in _page(as_user(manager), url("text_answers", survey.workspace, pk=survey.pk, code="Q4"))


def test_responses_are_listed_and_each_reads_in_words(as_user, survey, manager, reader):
    response = respond(survey, FULL, respondent=reader, source="newsletter")
    respond(survey, NO, status="in_progress")
    client = as_user(manager)
    listing = _page(client, url("responses", survey.workspace, pk=survey.pk))
    assert reader.name in listing
    assert "newsletter" in listing and '"Status">In progress' in listing
    submitted = _page(client, url("responses", survey.workspace, pk=survey.pk) + "?status=submitted")
    assert '"Status">In progress' not in submitted
    one = _page(client, url("response", survey.workspace, pk=survey.pk, response_id=response.pk))
    assert "Do you cycle to work?" in one and "Yes" in one and "Cycle lanes" in one and "A bus" in one
    other = make_survey(survey.workspace, manager, pages=SAMPLE_PAGES)
    _page(client, url("response", survey.workspace, pk=other.pk, response_id=response.pk), status=404)


def test_the_summary_is_for_respondents_once_published(as_user, survey, manager, reader):
    respond(survey, FULL)
    address = url("summary", survey.workspace, pk=survey.pk)
    _page(as_user(reader), address, status=403)
    assert "have not been published" in _page(as_user(manager), address)
    preview = _page(as_user(manager), address + "?preview=1")
    assert "Do you cycle to work?" in preview
    Survey.objects.filter(pk=survey.pk).update(results_published=True)
    page = _page(as_user(reader), address)
    assert "Do you cycle to work?" in page and "Anything else?" not in page and "Read the answers" not in page
    assert "Individual responses" not in page


# --- Query counts ---------------------------------------------------------------------------------

def _queries(client, address):
    client.get(address)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(ctx.captured_queries)


def _add(survey, count, reader):
    for n in range(count):
        respond(survey, FULL if n % 2 else NO, source="web" if n % 3 else "newsletter",
                respondent=reader if n % 4 == 0 else None, status="in_progress" if n % 5 == 0 else "submitted")


MAX_RESULTS_QUERIES = 16


@pytest.mark.parametrize("params", ["", "?version=1", "?answer=Q1%3Ao1&status=all", "?source=newsletter",
                                    "?team=TEAM"])
def test_the_results_page_costs_the_same_at_10_and_200_responses(as_user, survey, manager, reader, workspace,
                                                                   params):
    team = make_team(workspace, "Riders", members=[reader])
    address = url("results", workspace, pk=survey.pk) + params.replace("TEAM", str(team.pk))
    client = as_user(manager)
    _add(survey, 10, reader)
    small = _queries(client, address)
    _add(survey, 190, reader)
    large = _queries(client, address)
    assert small == large <= MAX_RESULTS_QUERIES


@pytest.mark.parametrize("name, kwargs", [("responses", {}), ("text_answers", {"code": "Q6"}),
                                          ("summary", {})])
def test_the_lists_cost_the_same_at_10_and_200_responses(as_user, survey, manager, reader, workspace, name,
                                                         kwargs):
    Survey.objects.filter(pk=survey.pk).update(results_published=True)
    address = url(name, workspace, pk=survey.pk, **kwargs)
    client = as_user(manager)
    _add(survey, 10, reader)
    small = _queries(client, address)
    _add(survey, 190, reader)
    large = _queries(client, address)
    assert small == large <= MAX_RESULTS_QUERIES
