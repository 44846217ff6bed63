"""The invitations part's pages: inviting by name and by team (refusals next to the field, what
was typed kept), replying from the event's block and from the reply page (waitlist position
told, leaving it), who is going (the organiser's counts; invitees only when shown), hostile
input inert and never a 500; query counts of replying and of the attendee list at two sizes."""

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diaries import invites
from diaries.models import Invitation, Rsvp

from ..builders import add_member, make_team, make_user
from .builders import make_diary, make_event

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def url(name, event, query=""):
    return reverse(f"diaries:{name}", kwargs={"workspace": event.workspace.slug, "pk": event.pk}) + query


@pytest.fixture
def event(workspace, manager):
    return make_event(make_diary(workspace, manager, title="Programme diary"), manager, title="Stakeholder evening",
                      capacity=1)


def test_a_manager_invites_a_member_and_a_team_and_sees_who_is_invited(as_user, workspace, event, manager,
                                                                     contributor, reader,
                                                                     django_capture_on_commit_callbacks):
    team = make_team(workspace, "Residents", members=[contributor])
    client = as_user(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("invite", event), {"people": "@reader", "teams": [team.pk]}, follow=True)
    page = response.content.decode()
    assert "Invited 2 people" in page and "the team Residents" in page and "Rita Reader" in page
    assert len(mail.outbox) == 2
    assert set(Invitation.objects.filter(event=event).values_list("user__email", "team")) == {
        (reader.email, None), (contributor.email, team.pk)}


@pytest.mark.parametrize("people, message", [
    ("nobody@example.org", "not"), (HOSTILE, "not"), ("", "Name members or choose a team"),
])
def test_names_that_are_not_members_are_refused_next_to_the_field_and_kept(as_user, event, manager, people,
                                                                         message):
    response = as_user(manager).post(url("invite", event), {"people": people})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "<script>alert(1)" not in page
    assert not Invitation.objects.exists()
    if people:
        assert response.context["form"]["people"].value() == people


def test_a_forged_team_is_refused(as_user, workspace, event, manager):
    make_team(workspace, "Residents")
    response = as_user(manager).post(url("invite", event), {"teams": ["99999", "x'; drop"]})
    assert response.status_code == 200 and "Choose teams from the list." in response.content.decode()


def test_replying_from_the_event_block_tells_the_waitlist_position(as_user, event, manager, reader):
    invites.respond(user=manager, event=event, answer="yes")
    client = as_user(reader)
    response = client.post(url("rsvp", event), {"answer": "yes"}, follow=True)
    page = response.content.decode()
    assert "number 1 on the waitlist" in page
    response = client.get(url("rsvp", event))
    page = response.content.decode()
    assert "waiting for a place" in page and "Leave the waitlist" in page and "full" in page
    response = client.post(url("rsvp", event), {"leave": "1"}, follow=True)
    assert "You have left the waitlist." in response.content.decode()
    assert Rsvp.objects.get(user=reader).answer == "no"


@pytest.mark.parametrize("data", [{"answer": "perhaps"}, {"answer": HOSTILE}, {}, {"answer": "yes", "on": HOSTILE},
                                  {"answer": "yes", "on": "x" * 5000}])
def test_a_hostile_reply_is_refused_or_ignored_never_a_500(as_user, event, reader, data):
    response = as_user(reader).post(url("rsvp", event), data)
    assert response.status_code in (302, 400)
    assert "<script>alert(1)" not in response.content.decode()
    if response.status_code == 400:
        assert "Choose going, maybe or not going." in response.content.decode()


def test_a_reply_for_one_date_of_a_series_from_its_page(as_user, workspace, manager, reader):
    series = make_event(make_diary(workspace, manager), manager, rrule="FREQ=WEEKLY;COUNT=5")
    key = series.starts_at.astimezone(series.zone).strftime("%Y%m%dT%H%M%S")
    client = as_user(reader)
    page = client.get(url("rsvp", series, f"?on={key}")).content.decode()
    assert "This date only" in page and "Every date of the series" in page
    client.post(url("rsvp", series), {"answer": "maybe", "on": key, "scope": "occurrence"})
    client.post(url("rsvp", series), {"answer": "yes", "on": key, "scope": "all"})
    assert set(Rsvp.objects.filter(event=series).values_list("occurrence", "answer")) == {(key, "maybe"), ("", "yes")}
    assert "for this date" in client.get(url("rsvp", series, f"?on={key}")).content.decode()


def test_the_event_block_renders_for_its_includer(rf_user_request, event, manager, reader):
    invites.respond(user=reader, event=event, answer="yes")
    html = render_to_string("diaries/_event_people.html", {"event": event, "occurrence": ""},
                            request=rf_user_request(manager))
    assert "1 going" in html and "Who is going" in html and "Invite people" in html and "full" in html


@pytest.fixture
def rf_user_request():
    def make(user):
        request = RequestFactory().get("/")
        request.user = user
        return request
    return make


def test_who_is_going_for_the_organiser_and_for_invitees_only_when_shown(as_user, workspace, manager, reader,
                                                                       contributor):
    event = make_event(make_diary(workspace, manager), manager, capacity=1)
    invites.invite(actor=manager, event=event, users=[reader, contributor])
    invites.respond(user=manager, event=event, answer="yes")
    invites.respond(user=reader, event=event, answer="yes")  # waits
    page = as_user(manager).get(url("attendees", event, "?show=waiting")).content.decode()
    assert "Going (1)" in page and "Waiting for a place (1)" in page and "No reply yet (1)" in page
    assert "Rita Reader" in page
    assert as_user(reader).get(url("attendees", event)).status_code == 403
    event.show_attendees = True
    event.save(update_fields=["show_attendees"])
    response = as_user(reader).get(url("attendees", event, "?show=yes"))
    page = response.content.decode()
    assert response.status_code == 200 and "Maya Manager" in page and "Waiting for a place" not in page
    assert as_user(reader).get(url("attendees", event, f"?show={HOSTILE}")).status_code == 200


def _queries(client, path, method="get", data=None):
    getattr(client, method)(path, data)  # warm what the header caches
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(path, data)
    assert response.status_code in (200, 302)
    return len(ctx.captured_queries)


def test_replying_and_the_attendee_list_cost_the_same_at_two_sizes(as_user, workspace, manager, reader):
    event = make_event(make_diary(workspace, manager), manager, capacity=3, show_attendees=True)
    people = []
    for n in range(3):
        user = make_user(f"early{n}@example.org")
        add_member(workspace, user)
        people.append(user)
        invites.respond(user=user, event=event, answer="yes" if n < 2 else "maybe")
    client = as_user(reader)
    reply = _queries(client, url("rsvp", event), "post", {"answer": "yes"})
    listing = _queries(as_user(manager), url("attendees", event))
    page = _queries(client, url("rsvp", event))
    for n in range(25):
        user = make_user(f"late{n}@example.org")
        add_member(workspace, user)
        invites.invite(actor=manager, event=event, users=[user])
        invites.respond(user=user, event=event, answer=("yes", "no", "maybe")[n % 3])
    _queries(client, url("rsvp", event))  # new members moved the access epoch: standings read again once
    assert _queries(client, url("rsvp", event), "post", {"answer": "yes"}) == reply
    assert _queries(as_user(manager), url("attendees", event)) == listing
    assert _queries(client, url("rsvp", event)) == page
    assert reply <= 30 and listing <= 30 and page <= 30
