"""kit.questions.results: every kind summarised, from the answers and from the tallies alike."""

from decimal import Decimal

import pytest

from surveys.models import Answer, Option, Question, Tally
from workspaces.kit.questions.results import (
    counts_from_answers,
    counts_from_tallies,
    median_of_counts,
    summarise,
    value_key,
)

from .builders import make_survey, q
from .results_builders import kinds_of, respond

pytestmark = pytest.mark.django_db

PAGES = [[
    q("S", "single", options=["Yes", "No"], allow_other=True),
    q("M", "multiple", options=["Lanes", "Parking", "Showers"], allow_other=True),
    q("D", "dropdown", options=["North", "South"]),
    q("L", "scale", options=["1", "2", "3", "4", "5"]),
    q("N", "number"),
    q("T", "short_text"), q("LT", "long_text"), q("E", "email"), q("DT", "date"),
    q("X", "matrix", rows=["Lighting", "Surfaces"], options=["Poor", "Fair", "Good"]),
    q("R", "ranking", options=["Trains", "Buses", "Bikes"]),
]]
ANSWERS = [
    {"S": "o1", "M": ["o1", "o2"], "D": "o1", "L": "o5", "N": 10, "T": "a", "LT": "b", "E": "e@x.org",
     "DT": "2026-01-02", "X": {"r1": "c3", "r2": "c1"}, "R": {"o1": 1, "o2": 2, "o3": 3}},
    {"S": "o2", "M": ["o1"], "L": "o4", "N": 20, "X": {"r1": "c3"}, "R": {"o1": 2, "o2": 1, "o3": 3}},
    {"S": ("other", "Maybe"), "M": [("other", "Trams")], "L": "o1", "N": 3, "T": "c"},
    {"S": "o1"},
]


@pytest.fixture
def survey(workspace, manager):
    made = make_survey(workspace, manager, pages=PAGES)
    for answers in ANSWERS:
        respond(made, answers)
    return made


def _summaries(survey, counts):
    questions = Question.objects.filter(version=survey.live_version)
    options = list(Option.objects.filter(question__version=survey.live_version).order_by("role", "position"))
    return {question.code: summarise(question, [o for o in options if o.question_id == question.pk], counts)
            for question in questions}


def _both(survey):
    answers = Answer.objects.filter(survey=survey)
    from_answers = _summaries(survey, counts_from_answers(answers, responses=survey.responses.all(),
                                                          kinds=kinds_of(survey)))
    from_tallies = _summaries(survey, counts_from_tallies(Tally.objects.filter(survey=survey)))
    assert from_answers == from_tallies
    return from_tallies


def test_choices_count_people_and_percentages_of_those_who_answered_and_of_all(survey):
    s = _both(survey)
    single = {bar.code: (bar.count, bar.of_answered, bar.of_all) for bar in s["S"].bars}
    assert s["S"].answered == 4 and single == {"o1": (2, 50.0, 50.0), "o2": (1, 25.0, 25.0), "other": (1, 25.0, 25.0)}
    multiple = {bar.code: (bar.count, bar.of_answered, bar.of_all) for bar in s["M"].bars}
    assert s["M"].answered == 3
    assert multiple == {"o1": (2, 66.7, 50.0), "o2": (1, 33.3, 25.0), "o3": (0, 0, 0), "other": (1, 33.3, 25.0)}
    assert s["M"].other == 1
    assert [(b.code, b.count) for b in s["D"].bars] == [("o1", 1), ("o2", 0)] and s["D"].answered == 1


def test_a_scale_and_a_number_have_a_mean_and_a_median(survey):
    s = _both(survey)
    assert s["L"].answered == 3 and s["L"].mean == Decimal("3.33") and s["L"].median == 4
    assert [b.count for b in s["L"].bars] == [1, 0, 0, 1, 1]
    assert s["N"].mean == Decimal("11.00") and s["N"].median == 10 and s["N"].bars == []


def test_text_date_and_email_are_counted_as_answered(survey):
    s = _both(survey)
    assert (s["T"].answered, s["LT"].answered, s["E"].answered, s["DT"].answered) == (2, 1, 1, 1)
    assert s["T"].is_text and not s["DT"].is_text


def test_a_matrix_is_a_table_of_rows_by_columns(survey):
    matrix = _both(survey)["X"]
    assert matrix.answered == 2 and matrix.columns == ["Poor", "Fair", "Good"]
    lighting, surfaces = matrix.rows
    assert (lighting.label, lighting.answered, [c.count for c in lighting.cells]) == ("Lighting", 2, [0, 0, 2])
    assert lighting.cells[2].of_answered == 100.0 and lighting.mean == 3 and lighting.median == 3
    assert (surfaces.answered, [c.count for c in surfaces.cells], surfaces.mean) == (1, [1, 0, 0], 1)


def test_a_ranking_averages_each_items_rank_best_first(survey):
    ranking = _both(survey)["R"].ranking
    assert [(r.label, r.average, r.ranked) for r in ranking] == [
        ("Trains", Decimal("1.50"), 2), ("Buses", Decimal("1.50"), 2), ("Bikes", Decimal("3.00"), 2)]


def test_filtered_answers_summarise_only_the_responses_chosen(survey):
    chosen = survey.responses.filter(answers__code="S", answers__choice="o1")
    answers = Answer.objects.filter(survey=survey, response__in=chosen)
    s = _summaries(survey, counts_from_answers(answers, responses=chosen, kinds=kinds_of(survey)))
    assert s["S"].respondents == 2 and s["M"].answered == 1
    assert s["S"].answered == 2 and s["S"].bars[0].of_answered == 100.0
    assert s["N"].answered == 1 and s["N"].median == 10


@pytest.mark.parametrize("pairs, median", [
    ([(1, 1)], 1), ([(1, 1), (2, 1)], Decimal("1.5")), ([(1, 2), (5, 1)], 1), ([(3, 0), (4, 2), (6, 2)], 5),
    ([], None),
])
def test_the_median_of_a_distribution(pairs, median):
    assert median_of_counts(pairs) == median


def test_number_values_have_one_key_each():
    assert value_key(Decimal("12.500000")) == value_key(Decimal("12.5")) == "=12.5"
    assert value_key(Decimal("100")) == "=100" and value_key(Decimal("-0.0")) == "=0"
