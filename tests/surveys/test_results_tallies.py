"""The maintained counters: count_in / count_out / rebuild agree with a recount from the answers,
and counting one response twice counts it once."""

import pytest

from surveys import tallies
from surveys.models import Answer, CountedResponse, Tally
from workspaces.kit.questions.results import counts_from_answers, counts_from_tallies

from .builders import SAMPLE_PAGES, make_survey, q
from .results_builders import kinds_of, respond

pytestmark = pytest.mark.django_db

RANKED = [{"title": "More", "questions": [
    q("R1", "ranking", "Rank these", options=["Trains", "Buses", "Bikes"]),
    q("D1", "date", "When?"), q("E1", "email", "Email"), q("S1", "dropdown", "Pick", options=["A", "B"],
                                                             allow_other=True)]}]


@pytest.fixture
def survey(workspace, manager):
    return make_survey(workspace, manager, pages=SAMPLE_PAGES + RANKED)


ANSWERS = [
    {"Q1": "o1", "Q2": 12, "Q3": "o4", "Q4": ["o1", ("other", "A bus")], "Q5": {"r1": "c3", "r2": "c1"},
     "Q6": "Fine", "R1": {"o2": 1, "o1": 2, "o3": 3}, "D1": "2026-05-01", "E1": "a@example.org",
     "S1": ("other", "C")},
    {"Q1": "o1", "Q2": 3.5, "Q3": "o2", "Q4": ["o2"], "Q5": {"r1": "c2"}, "R1": {"o1": 1, "o2": 2}},
    {"Q1": "o2", "Q3": "o4", "S1": "o1"},
    {"Q1": "o1", "Q2": 12.0, "Q4": ["o1", "o3"]},
]


def _recount(survey):
    answers = Answer.objects.filter(survey=survey, response__status="submitted")
    counts = counts_from_answers(answers, responses=survey.responses.filter(status="submitted"),
                                 kinds=kinds_of(survey))
    return counts.respondents, counts.cells, counts.numbers, counts.medians


def _tallied(survey):
    counts = counts_from_tallies(Tally.objects.filter(survey=survey))
    cells = {key: n for key, n in counts.cells.items() if n}
    return counts.respondents, cells, counts.numbers, counts.medians


def test_count_in_agrees_with_a_recount_from_the_answers(survey):
    for answers in ANSWERS:
        respond(survey, answers)
    respond(survey, {"Q1": "o2"}, status="in_progress")  # not submitted: not counted
    assert _tallied(survey) == _recount(survey)
    respondents, cells, numbers, medians = _tallied(survey)
    assert respondents == 4
    assert cells[("Q1", "", "o1")] == 3 and cells[("Q1", "", "*")] == 4
    assert cells[("Q4", "", "o1")] == 2 and cells[("Q4", "", "*")] == 3 and cells[("Q4", "", "other")] == 1
    assert cells[("Q5", "", "*")] == 2 and cells[("Q5", "r1", "*")] == 2 and cells[("Q5", "r2", "c1")] == 1
    assert numbers[("Q2", "")] == (3, 27.5) and medians[("Q2", "")] == 12
    assert numbers[("R1", "o1")] == (2, 3)


def test_count_out_takes_a_response_back_out(survey):
    kept = [respond(survey, answers) for answers in ANSWERS[:2]]
    changed = respond(survey, ANSWERS[2])
    tallies.count_out(changed)
    Answer.objects.filter(response=changed, code="Q3").update(choice="o5", number=5)
    tallies.count_in(changed)
    assert _tallied(survey) == _recount(survey)
    tallies.count_out(changed)
    changed.delete()
    assert _tallied(survey) == _recount(survey)
    assert len(kept) == _tallied(survey)[0] == 2


def test_rebuild_recounts_what_the_counters_say(survey):
    for answers in ANSWERS:
        respond(survey, answers)
    before = _tallied(survey)
    Tally.objects.filter(survey=survey).update(count=999)
    tallies.rebuild(survey)
    assert _tallied(survey) == before == _recount(survey)
    assert CountedResponse.objects.filter(survey=survey).count() == 4


def test_rebuild_counts_responses_stored_without_the_counters(survey):
    for answers in ANSWERS:
        respond(survey, answers, count=False)
    assert _tallied(survey)[0] == 0
    tallies.rebuild(survey)
    assert _tallied(survey) == _recount(survey)


def test_a_response_counted_twice_counts_once(survey):
    response = respond(survey, ANSWERS[0])
    assert tallies.count_in(response) is False  # a double submit: already in
    assert _tallied(survey)[0] == 1
    assert tallies.count_out(response) is True
    assert tallies.count_out(response) is False
    assert _tallied(survey)[0] == 0


def test_responses_on_two_versions_are_counted_per_version(survey, manager):
    from surveys import services

    respond(survey, ANSWERS[0])
    v1 = survey.live_version
    services.publish(actor=manager, survey=survey)
    survey.refresh_from_db()
    respond(survey, ANSWERS[1])
    assert Tally.objects.filter(survey=survey, code="", version=v1).get().count == 1
    assert Tally.objects.filter(survey=survey, code="", version=survey.live_version).get().count == 1
    assert counts_from_tallies(Tally.objects.filter(survey=survey)).get("Q1", "", "o1") == 2


def test_sources_are_counted_for_the_filter(survey):
    from surveys.results_selectors import sources

    respond(survey, ANSWERS[0], source="newsletter")
    respond(survey, ANSWERS[1], source="newsletter")
    respond(survey, ANSWERS[2], source="poster")
    respond(survey, ANSWERS[3])
    assert sources(survey) == ["newsletter", "poster"]
    before = counts_from_tallies(Tally.objects.filter(survey=survey)).cells
    assert before[("", "newsletter", "")] == 2
    tallies.rebuild(survey)
    assert counts_from_tallies(Tally.objects.filter(survey=survey)).cells == before
