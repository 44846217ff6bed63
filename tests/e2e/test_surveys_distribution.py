"""The surveys' distribution pages in a real browser: the response-rate panel, invitations and
the reminder schedule pass axe-core and fit 320 px; inviting and a refused reminder work by
keyboard, the refusal by its field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from surveys import counts, distribution
from surveys.models import Participation, ReminderRun
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_team, make_user, make_workspace
from ..surveys.builders import SAMPLE_PAGES, make_survey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    workspace = make_workspace(name="Active Travel Review", slug="travel",
                               organisation=make_organisation("Department for Transport", slug="dft"))
    manager = make_user("maya@example.org", "Maya Manager")
    add_member(workspace, manager, Role.MANAGER)
    people = [make_user(f"person{n}@example.org", f"Person {n}") for n in range(6)]
    for person in people:
        add_member(workspace, person, Role.READER)
    make_team(workspace, "Cyclists", members=people[:3])
    make_team(workspace, "Walkers", members=people[3:])
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES, title="Travel to the programme events",
                         closes_at=timezone.now() + timedelta(days=20))
    distribution.invite(actor=manager, survey=survey)
    now = timezone.now()
    for n, person in enumerate(people[:4]):
        Participation.objects.filter(survey=survey, user=person).update(
            started_at=now, completed_at=now if n % 2 == 0 else None)
    for offset in range(8):
        day = timezone.localdate(now - timedelta(days=offset))
        counts.add(survey.pk, day, "started", 8 - offset)
        counts.add(survey.pk, day, "completed", max(0, 6 - offset))
    ReminderRun.objects.create(survey=survey, key="x", sent_at=now - timedelta(days=4), not_started=3, unfinished=1)
    return {"workspace": workspace, "manager": manager, "survey": survey}


def _paths(world):
    base = f"/w/travel/surveys/{world['survey'].pk}"
    return {f"{base}/response-rate/": "response-rate", f"{base}/invite/": "invite",
            f"{base}/reminders/": "reminders"}


@pytest.fixture
def shots_here(monkeypatch):
    from tests.e2e import conftest

    monkeypatch.setattr(conftest, "SHOTS", conftest.Path("/tmp/shots-distribution"))


def test_the_distribution_pages_have_no_accessibility_problems(world, new_context, sign_in, visit, shot, shots_here):
    page = sign_in(new_context(), world["manager"]).new_page()
    for path, name in _paths(world).items():
        visit(page, path)
        assert page.locator("h1").count() == 1
        shot(page, f"distribution-{name}-1280")
    chart = page.goto(next(iter(_paths(world))))
    assert chart.status == 200
    assert page.get_by_role("img", name="Cumulative responses").count() == 1
    assert page.get_by_role("table", name="Started and completed each day").count() == 1


def test_the_distribution_pages_fit_a_320_pixel_wide_screen(world, new_context, sign_in, visit, shot, shots_here):
    page = sign_in(new_context(viewport={"width": 320, "height": 640}), world["manager"]).new_page()
    too_wide = {}
    for path, name in _paths(world).items():
        visit(page, path)
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
        shot(page, f"distribution-{name}-320")
    assert not too_wide, f"pages wider than the 320px screen: {too_wide}"


def test_a_reminder_in_the_past_is_refused_by_its_field_and_a_good_one_added(
        world, new_context, sign_in, visit, submit, shot, shots_here):
    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, f"/w/travel/surveys/{world['survey'].pk}/reminders/")
    before = len(distribution.scheduled(world["survey"]))
    page.get_by_label("When").last.fill("2001-02-03T04:05")
    submit(page, "Add the reminder")
    assert page.locator(".error-summary").count() == 1
    assert page.get_by_text("Choose a time in the future.").count() >= 1
    assert page.title().startswith("Error: ")
    shot(page, "distribution-reminder-refused")
    due = timezone.localtime() + timedelta(days=5)
    page.get_by_label("When").last.fill(due.strftime("%Y-%m-%dT09:00"))
    submit(page, "Add the reminder")
    assert len(distribution.scheduled(world["survey"])) == before + 1
    assert page.get_by_text("Reminder added.").count() == 1


def test_invite_a_team_by_keyboard(world, new_context, sign_in, visit, submit, shots_here):
    page = sign_in(new_context(), world["manager"]).new_page()
    other = make_survey(world["workspace"], world["manager"], pages=SAMPLE_PAGES, title="Evening sessions")
    visit(page, f"/w/travel/surveys/{other.pk}/invite/")
    page.get_by_label("The members of chosen teams").check()
    page.get_by_label("Walkers").check()
    submit(page, "Send the invitations")
    assert page.get_by_text("3 invited, 0 already invited.").count() == 1
    assert Participation.objects.filter(survey=other).count() == 3
