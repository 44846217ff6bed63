"""The demo surveys (seeded by `manage.py seed_demo`, safe to run again): an open one with two
versions, branching and responses as they came in; a closed anonymous one with its results
published; a draft with a logic error for the builder to find."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from accounts.models import User
from surveys.models import Answer, DailyCount, Participation, ReminderRun, Response, Survey
from workspaces.models import Workspace


def test_seed_demo_adds_three_surveys_once(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    workspace = Workspace.objects.get(slug="demo-programme")
    surveys = {s.title: s for s in Survey.objects.filter(workspace=workspace)}
    assert sorted(surveys) == ["Evening sessions", "Travel to the programme events", "Workshop feedback"]

    travel = surveys["Travel to the programme events"]
    assert travel.is_collecting() and travel.versions.filter(number__isnull=False).count() == 2
    assert travel.live_version.questions.filter(code="minibus").exists()
    assert {q.kind for q in travel.live_version.questions.all()} >= {"single", "matrix", "ranking", "multiple"}
    assert travel.live_version.pages.exclude(show_if_code="").exists()  # branching
    assert travel.live_version.questions.filter(allow_other=True).exists()
    responses = Response.objects.filter(survey=travel)
    assert responses.count() == 40
    assert travel.submitted_count == responses.filter(status="submitted").count() > 0
    assert travel.in_progress_count == responses.filter(status="in_progress").count() > 0
    assert responses.filter(channel="paper").exists()
    assert set(responses.exclude(channel="paper").values_list("source", flat=True)) == {"newsletter", "website"}
    assert set(responses.values_list("version__number", flat=True)) == {1, 2}
    assert Answer.objects.filter(survey=travel, code="mode", choice="other").exclude(text="").exists()
    days = DailyCount.objects.filter(survey=travel)
    assert sum(d.started for d in days) == 40 and sum(d.completed for d in days) == travel.submitted_count
    assert ReminderRun.objects.filter(survey=travel).count() == 1
    assert Participation.objects.filter(survey=travel, reminders_sent=1).exists()
    # Answers follow the storage contract: one ranking row per item, one matrix row per row.
    ranks = Answer.objects.filter(survey=travel, code="priorities").values("response").annotate(n=Count("pk"))
    assert {r["n"] for r in ranks} == {4}

    workshop = surveys["Workshop feedback"]
    assert workshop.anonymous and workshop.results_published and not workshop.is_collecting()
    assert not Response.objects.filter(survey=workshop, respondent__isnull=False).exists()
    assert workshop.submitted_count == 15

    draft = surveys["Evening sessions"]
    assert not draft.is_live
    first = draft.draft_version.questions.get(code="which_evening")
    later = draft.draft_version.questions.get(code=first.show_if_code)
    assert later.page.position > first.page.position  # the rule looks forward: an error to find

    client = Client()
    client.force_login(User.objects.get(email="manager@example.org"))
    page = client.get(f"/w/{workspace.slug}/surveys/{travel.pk}/response-rate/")
    assert page.status_code == 200 and "Reminders" in page.content.decode()
