"""Invitations: a personal link each, only to people who may see the survey, never twice, and
a fixed number of queries per chunk of people whatever their number."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys import distribution
from surveys.models import Participation
from workspaces.models import OutboundEmail

from ..builders import make_team
from .builders import SAMPLE_PAGES, fresh, make_survey, url
from .distribution_people import many_members, participations


@pytest.fixture
def survey(workspace, manager):
    return make_survey(workspace, manager, pages=SAMPLE_PAGES, title="Travel to the events")


def invited_emails(survey):
    return set(Participation.objects.filter(survey=survey, invited_at__isnull=False)
               .values_list("user__email", flat=True))


def test_everyone_who_may_respond_is_invited_once(survey, manager, contributor, reader, outsider):
    first = distribution.invite(actor=manager, survey=survey)
    assert str(first) == "3 invited, 0 already invited."
    assert invited_emails(survey) == {"manager@example.org", "contributor@example.org", "reader@example.org"}
    assert OutboundEmail.objects.filter(kind="surveys.invitation").count() == 3
    again = distribution.invite(actor=manager, survey=survey)
    assert str(again) == "0 invited, 3 already invited."
    assert OutboundEmail.objects.filter(kind="surveys.invitation").count() == 3


def test_only_those_who_may_see_a_limited_survey_are_invited(workspace, manager, contributor, reader):
    team = make_team(workspace, "Cyclists", members=[reader])
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES, view_access="teams", view_teams=[team])
    result = distribution.invite(actor=manager, survey=survey, audience=distribution.PEOPLE,
                                 people=[reader, contributor])
    assert (result.invited, result.left_out) == (1, 1)
    assert invited_emails(survey) == {"reader@example.org"}
    assert "1 cannot see the survey and were left out" in str(result)


def test_a_chosen_team_is_invited(survey, workspace, manager, contributor, reader):
    team = make_team(workspace, "Cyclists", members=[reader, contributor])
    make_team(workspace, "Walkers", members=[manager])
    assert distribution.invite(actor=manager, survey=survey, audience=distribution.TEAMS, teams=[team]).invited == 2
    assert invited_emails(survey) == {"reader@example.org", "contributor@example.org"}


def test_someone_who_started_before_being_invited_is_invited_on_their_row(survey, manager, reader):
    participations(survey, [reader], invited=False, started=True)
    assert distribution.invite(actor=manager, survey=survey).invited == 2  # the manager and the reader
    row = Participation.objects.get(survey=survey, user=reader)
    assert row.invited_at and row.started_at and row.invitation_hash


def test_a_draft_survey_invites_nobody(workspace, manager):
    draft = make_survey(workspace, manager, pages=SAMPLE_PAGES, live=False)
    with pytest.raises(ValidationError, match="Open the survey"):
        distribution.invite(actor=manager, survey=draft)


def test_the_first_invitation_schedules_the_default_reminders(survey, manager):
    distribution.invite(actor=manager, survey=survey)
    assert [r.due_at for r in distribution.scheduled(survey)] == distribution.default_times(fresh(survey))
    assert all(r.personalise == distribution.PERSONALISE for r in distribution.scheduled(survey))


def test_the_invitation_mail_carries_a_personal_link_that_leads_to_the_survey(
        survey, manager, reader, client, as_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        distribution.invite(actor=manager, survey=survey, audience=distribution.PEOPLE, people=[reader])
    [message] = mail.outbox
    assert message.to == ["reader@example.org"] and "Travel to the events" in message.subject
    link = next(line for line in message.body.splitlines() if "/invited/" in line).strip()
    path = link.split("://", 1)[1].partition("/")[2]
    path = "/" + path
    # Signed out: through sign-in, which comes back to the link.
    response = client.get(path)
    assert response.status_code == 302 and "login" in response["Location"]
    response = as_user(reader).get(path)
    assert response.status_code == 302 and response["Location"] == survey.get_absolute_url()
    # Nothing is marked by opening it.
    row = Participation.objects.get(survey=survey, user=reader)
    assert row.started_at is None and row.completed_at is None
    # A forged or altered token is not found.
    assert as_user(reader).get(path[:-3] + "xx/").status_code == 404
    assert as_user(reader).get(url("invited", survey.workspace, pk=survey.pk, token="nonsense")).status_code == 404


def _queries(survey, manager):
    with CaptureQueriesContext(connection) as ctx:
        distribution.invite(actor=manager, survey=survey)
    # Bulk inserts go in batches (SQLite's limit on parameters): every other query is counted.
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(("INSERT", "UPDATE"))]


def test_the_queries_of_an_invitation_do_not_grow_with_the_people(workspace, manager, monkeypatch):
    monkeypatch.setattr(distribution, "CHUNK", 500)
    small = make_survey(workspace, manager, pages=SAMPLE_PAGES)
    many_members(workspace, 20)
    few = _queries(small, manager)
    large = make_survey(workspace, manager, pages=SAMPLE_PAGES)
    many_members(workspace, 400)
    assert len(_queries(large, manager)) == len(few)
    assert Participation.objects.filter(survey=large).count() == 421  # and the manager


def test_each_chunk_costs_the_same_few_queries(workspace, manager, monkeypatch):
    monkeypatch.setattr(distribution, "CHUNK", 100)
    costs = []
    for members in (100, 200, 400):  # 1, 2 and 4 chunks
        many_members(workspace, members - workspace.memberships.count())
        costs.append(len(_queries(make_survey(workspace, manager, pages=SAMPLE_PAGES), manager)))
    assert costs[2] - costs[1] == 2 * (costs[1] - costs[0]) > 0
