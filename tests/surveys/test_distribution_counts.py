"""Daily counts: one upserting statement per call, so repeated (and concurrent) calls all count."""

import threading
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from surveys import counts
from surveys.models import DailyCount

from .builders import SAMPLE_PAGES, make_survey


def response(survey, started_at, submitted_at=None):
    return SimpleNamespace(survey_id=survey.pk, started_at=started_at, submitted_at=submitted_at)


def test_each_call_counts_once_on_its_own_day(workspace, manager):
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES)
    today = timezone.make_aware(datetime(2026, 12, 7, 10, 0))
    yesterday = today - timedelta(days=1)
    for _ in range(5):
        counts.started(response(survey, today))
    counts.started(response(survey, yesterday))
    for _ in range(3):
        counts.completed(response(survey, yesterday, submitted_at=today))
    rows = {c.day: (c.started, c.completed) for c in DailyCount.objects.filter(survey=survey)}
    assert rows == {today.date(): (5, 3), yesterday.date(): (1, 0)}


def test_a_count_is_one_statement_with_no_read_before_it(workspace, manager):
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES)
    counts.started(response(survey, timezone.now()))
    with CaptureQueriesContext(connection) as ctx:
        counts.started(response(survey, timezone.now()))
    [query] = ctx.captured_queries
    assert query["sql"].startswith("INSERT") and "ON CONFLICT" in query["sql"]
    assert DailyCount.objects.get(survey=survey).started == 2


def test_surveys_keep_their_own_counts(workspace, manager):
    one = make_survey(workspace, manager, pages=SAMPLE_PAGES)
    two = make_survey(workspace, manager, pages=SAMPLE_PAGES)
    now = timezone.now()
    counts.started(response(one, now))
    counts.completed(response(two, now, submitted_at=now))
    assert DailyCount.objects.get(survey=one).started == 1 and DailyCount.objects.get(survey=two).completed == 1
    assert DailyCount.objects.get(survey=one).completed == 0


@pytest.mark.django_db(transaction=True)
def test_respondents_counting_at_the_same_moment_lose_nothing(organisation):
    """On PostgreSQL (DATABASE_URL): eight connections counting at once, each its own
    transaction; the upsert never loses an increment. (SQLite locks the whole file: skipped.)"""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locking (DATABASE_URL)")
    from django.db import connections, transaction

    from tests.builders import add_member, make_user, make_workspace
    from workspaces.models import Role

    workspace = make_workspace(name="Race", slug="race", organisation=organisation)
    manager = make_user("race@example.org")
    add_member(workspace, manager, Role.MANAGER)
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES)
    day = timezone.localdate()
    start = threading.Barrier(8)

    def respondent():
        try:
            start.wait()
            for _ in range(25):
                with transaction.atomic():
                    counts.add(survey.pk, day, "started")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=respondent) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert DailyCount.objects.get(survey=survey, day=day).started == 200
