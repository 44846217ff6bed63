"""Submits counted at the same moment: no update lost, a response counted twice at once counted
once, no deadlock (real concurrent connections, so PostgreSQL only)."""

import threading

import pytest
from django.db import connection

from surveys import tallies
from surveys.models import Answer, Tally
from workspaces.kit.questions.results import counts_from_answers, counts_from_tallies

from .builders import SAMPLE_PAGES, make_survey
from .results_builders import kinds_of, respond

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FULL = {"Q1": "o1", "Q2": 12, "Q3": "o4", "Q4": ["o1", "o3"], "Q5": {"r1": "c3", "r2": "c1"}, "Q6": "Fine"}
OTHER = {"Q1": "o2", "Q3": "o1", "Q4": ["o3", ("other", "Trams")], "Q5": {"r2": "c2"}}


def _at_once(work, items):
    start, errors = threading.Barrier(len(items)), []

    def run(item):
        try:
            start.wait(10)
            work(item)
        except Exception as exc:  # reported to the main thread
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(item,)) for item in items]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert not errors


def _tallied_and_recounted(survey):
    tallied = counts_from_tallies(Tally.objects.filter(survey=survey))
    answers = Answer.objects.filter(survey=survey, response__status="submitted")
    recounted = counts_from_answers(answers, responses=survey.responses.filter(status="submitted"),
                                    kinds=kinds_of(survey))
    return ((tallied.respondents, {k: n for k, n in tallied.cells.items() if n}, tallied.numbers, tallied.medians),
            (recounted.respondents, recounted.cells, recounted.numbers, recounted.medians))


def test_submits_at_the_same_moment_all_count(workspace, manager):
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES)
    responses = [respond(survey, FULL if n % 2 else OTHER, count=False) for n in range(8)]
    _at_once(tallies.count_in, responses)
    tallied, recounted = _tallied_and_recounted(survey)
    assert tallied == recounted and tallied[0] == 8


def test_a_double_submit_at_the_same_moment_counts_once(workspace, manager):
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES)
    response = respond(survey, FULL, count=False)
    _at_once(tallies.count_in, [response] * 4)
    tallied, recounted = _tallied_and_recounted(survey)
    assert tallied == recounted and tallied[0] == 1
