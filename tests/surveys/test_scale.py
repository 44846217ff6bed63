"""The scale seed's survey at a tiny size: two versions, answers per the storage contract,
counters as the services keep them, and pages for the load script."""

import random

from django.db.models import Count, F
from django.test import Client
from django.utils import timezone

from surveys import exports
from surveys.models import Answer, Participation, Response, Survey
from surveys.scale import TITLE, bench_pages, seed_scale
from workspaces.scale import SIZES, ScaleContext, Size


def _size(responses):
    return Size(stakeholders=0, staff=0, workspaces=1, members_per_small_workspace=0, teams=0, team_size=0,
                wiki_pages=0, wiki_revisions=0, big_page_revisions=0, documents=0, versions=0, big_folder_files=0,
                links=0, activity=0, audit_entries=0, unread_notifications=0, survey_responses=responses)


def test_the_sizes_ask_for_200000_responses_at_l():
    assert SIZES["L"].survey_responses == 200_000 and SIZES["S"].survey_responses < SIZES["M"].survey_responses


def test_the_seed_makes_a_two_version_survey_with_consistent_counters(workspace, manager, contributor, reader):
    people = [contributor, reader]
    ctx = ScaleContext(size=_size(40), rng=random.Random(1), now=timezone.now(), organisation=workspace.organisation,
                       workspace=workspace, small_workspaces=[], demo={manager.email: manager},
                       staff_ids=[manager.pk], stakeholder_ids=[u.pk for u in people], team_ids=[])
    seed_scale(ctx)
    survey = Survey.objects.get(workspace=workspace, title=TITLE)
    assert survey.created_by == manager  # the first staff member when the demo manager is not there
    responses = Response.objects.filter(survey=survey)
    assert responses.count() == 40
    by_version = dict(responses.values_list("version__number").annotate(n=Count("id")).order_by())
    assert by_version == {1: 20, 2: 20}
    assert survey.submitted_count == responses.filter(status="submitted").count()
    assert survey.submitted_count + survey.in_progress_count == 40
    assert survey.allow_multiple  # more responses than people
    assert Participation.objects.filter(survey=survey).count() == 2
    questions = survey.live_version.questions.count()
    assert questions == 20 and survey.versions.get(number=1).questions.count() == 19
    assert not Answer.objects.filter(survey=survey, code="Q20", response__version__number=1).exists()
    # Each answer row belongs to its response's version's question.
    assert not Answer.objects.filter(survey=survey).exclude(question__version=F("response__version")).exists()
    rows = list(exports.response_rows(survey, exports.plan_columns(survey), status="all"))
    assert len(rows) == 41 and "Q20" in rows[0]
    client = Client()
    client.force_login(manager)
    pages = dict(bench_pages(workspace))
    assert "survey page" in pages and "survey tagging" in pages
    for name, path in pages.items():
        assert client.get(path).status_code == 200, name


