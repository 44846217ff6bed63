"""The staff pages: invitations, the reminder schedule and the response-rate panel (bad input
shown by its field, what was typed kept; the panel's queries the same at any size)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from surveys import counts, distribution
from surveys.models import DailyCount, Participation, ReminderRun

from ..builders import make_team
from .builders import SAMPLE_PAGES, make_survey, url
from .distribution_people import many_members, participations

MAX_PAGE_QUERIES = 30


@pytest.fixture
def survey(workspace, manager):
    return make_survey(workspace, manager, pages=SAMPLE_PAGES, title="Travel to the events")


def page(survey, name):
    return url(name, survey.workspace, pk=survey.pk)


# --- Invitations ----------------------------------------------------------------------------------


def test_inviting_everyone_says_how_many_were_invited(as_user, survey, manager, contributor, reader):
    client = as_user(manager)
    response = client.post(page(survey, "invite"), {"audience": "everyone", "people": ""}, follow=True)
    assert "3 invited, 0 already invited." in response.content.decode()
    response = client.post(page(survey, "invite"), {"audience": "everyone", "people": ""}, follow=True)
    assert "0 invited, 3 already invited." in response.content.decode()


def test_choosing_teams_without_a_team_is_refused_by_the_field(as_user, survey, workspace, manager, reader):
    make_team(workspace, "Cyclists", members=[reader])
    response = as_user(manager).post(page(survey, "invite"), {"audience": "teams", "people": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and "Choose at least one team." in html
    assert not Participation.objects.exists()


def test_naming_someone_who_is_not_a_member_keeps_what_was_typed(as_user, survey, manager, reader):
    response = as_user(manager).post(page(survey, "invite"),
                                     {"audience": "people", "people": "@reader, stranger@example.org"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and "stranger@example.org" in html
    assert 'value="@reader, stranger@example.org"' in html
    assert not Participation.objects.exists()


def test_named_members_are_invited(as_user, survey, manager, reader, contributor):
    as_user(manager).post(page(survey, "invite"), {"audience": "people", "people": "@reader"})
    assert list(Participation.objects.values_list("user__email", flat=True)) == ["reader@example.org"]


def test_a_draft_survey_says_open_it_first(as_user, workspace, manager, reader):
    draft = make_survey(workspace, manager, pages=SAMPLE_PAGES, live=False)
    response = as_user(manager).post(page(draft, "invite"), {"audience": "everyone", "people": ""})
    assert "Open the survey before inviting people" in response.content.decode()


# --- Reminders ------------------------------------------------------------------------------------


def test_a_reminder_in_the_past_is_refused_by_its_field(as_user, survey, manager):
    response = as_user(manager).post(page(survey, "reminders"), {"action": "add", "add-due_at": "2001-02-03T04:05"})
    html = response.content.decode()
    assert response.status_code == 200 and "Choose a time in the future." in html and "There is a problem" in html
    assert 'value="2001-02-03T04:05"' in html
    assert distribution.scheduled(survey) == []


def test_nonsense_for_a_date_is_refused_not_a_crash(as_user, survey, manager):
    response = as_user(manager).post(page(survey, "reminders"), {"action": "add", "add-due_at": "next tuesday"})
    assert response.status_code == 200 and "Enter a valid date/time." in response.content.decode()


def test_reminders_are_added_moved_and_cancelled(as_user, survey, manager):
    client = as_user(manager)
    response = client.post(page(survey, "reminders"), {"action": "add", "add-due_at": "2099-01-15T09:00"})
    assert response.status_code == 302
    [reminder] = distribution.scheduled(survey)
    html = client.get(page(survey, "reminders")).content.decode()
    assert "15 Jan 2099, 09:00" in html
    client.post(page(survey, "reminders"), {"action": "move", "key": reminder.key,
                                            f"move-{reminder.pk}-due_at": "2099-01-16T10:30"})
    assert distribution.scheduled(survey)[0].due_at.day == 16
    response = client.post(page(survey, "reminders"), {"action": "move", "key": reminder.key,
                                                       f"move-{reminder.pk}-due_at": "2000-01-01T00:00"})
    assert "Choose a time in the future." in response.content.decode()
    client.post(page(survey, "reminders"), {"action": "cancel", "key": reminder.key})
    assert distribution.scheduled(survey) == []
    response = client.post(page(survey, "reminders"), {"action": "cancel", "key": reminder.key}, follow=True)
    assert "already gone out or been cancelled" in response.content.decode()


def test_another_surveys_reminder_cannot_be_cancelled_through_this_one(as_user, workspace, survey, manager):
    other = make_survey(workspace, manager, pages=SAMPLE_PAGES)
    theirs = distribution.reminder_add(actor=manager, survey=other, due_at=timezone.now() + timedelta(days=2))
    as_user(manager).post(page(survey, "reminders"), {"action": "cancel", "key": theirs.key})
    assert len(distribution.scheduled(other)) == 1


# --- The response-rate panel ----------------------------------------------------------------------


def _activity(survey, workspace, people, days):
    now = timezone.now()
    team = workspace.teams.first()
    for offset in range(days):
        day = now - timedelta(days=offset)
        counts.add(survey.pk, timezone.localdate(day), "started", 2)
        counts.add(survey.pk, timezone.localdate(day), "completed", 1)
    participations(survey, people[: len(people) // 2], completed=True)
    participations(survey, people[len(people) // 2:])
    if team:
        from workspaces.services.teams import team_set_members

        team_set_members(actor=None, team=team, add_users=people[:3])
    ReminderRun.objects.create(survey=survey, key=f"k{days}", sent_at=now - timedelta(days=days // 2),
                               not_started=4, unfinished=1)


def _queries(client, address):
    client.get(address)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= MAX_PAGE_QUERIES
    return len(ctx.captured_queries)


def test_the_panel_shows_totals_teams_days_and_reminders(as_user, survey, workspace, manager, reader, contributor):
    make_team(workspace, "Cyclists", members=[reader])
    participations(survey, [reader], completed=True)
    participations(survey, [contributor], started=True)
    counts.add(survey.pk, timezone.localdate(), "started", 2)
    counts.add(survey.pk, timezone.localdate(), "completed", 1)
    ReminderRun.objects.create(survey=survey, key="x", sent_at=timezone.now(), not_started=3, unfinished=2)
    html = as_user(manager).get(page(survey, "response_rate")).content.decode()
    assert "<dt>Invited</dt><dd>2</dd>" in html
    assert "2 <span class=\"hint\">(100%)</span>" in html and "1 <span class=\"hint\">(50%)</span>" in html
    assert "<th scope=\"row\">Cyclists</th>" in html
    assert "5 reminded (3 not started, 2 unfinished)" in html
    assert 'role="img"' in html and "Started and completed each day" in html


def test_the_panel_costs_the_same_at_any_size(as_user, survey, workspace, manager):
    make_team(workspace, "Cyclists")
    client = as_user(manager)
    _activity(survey, workspace, many_members(workspace, 6), days=2)
    small = _queries(client, page(survey, "response_rate"))
    _activity(survey, workspace, many_members(workspace, 300), days=40)
    assert DailyCount.objects.filter(survey=survey).count() == 40
    assert _queries(client, page(survey, "response_rate")) == small


def test_the_panel_of_an_anonymous_survey_counts_who_not_what(as_user, workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES, anonymous=True)
    participations(survey, [reader], completed=True)
    html = as_user(manager).get(page(survey, "response_rate")).content.decode()
    assert "who has taken part" in html and "<dt>Completed</dt><dd>1" in html
