"""The poll's page and voting, as people use them: the notice before voting, a vote and a
changed vote, refusals next to the form with nothing saved, visitors' one vote per browser,
results as text, and who chose what (named polls only)."""

import pytest
from django.urls import reverse

from polls import visitors
from polls.models import Ballot, Participation
from polls.selectors import results

from .builders import cast, make_poll, option_ids

pytestmark = pytest.mark.django_db


def _url(poll, name="poll"):
    return reverse(f"polls:{name}", kwargs={"workspace": poll.workspace.slug, "pk": poll.pk})


def test_the_page_says_what_happens_to_the_vote_before_voting(as_user, workspace, manager, reader):
    named = make_poll(workspace, manager)
    anonymous = make_poll(workspace, manager, anonymous=True)
    page = as_user(reader).get(_url(named)).content.decode()
    assert "Managers can see what each person chose; you can change your vote until it closes" in page
    assert "<legend" in page and named.question in page and 'type="radio"' in page
    page = as_user(reader).get(_url(anonymous)).content.decode()
    assert "This poll is anonymous: your vote is not linked to you, and it cannot be changed once cast" in page


def test_a_member_votes_then_changes_their_vote_in_a_named_poll(as_user, workspace, manager, reader):
    poll = make_poll(workspace, manager, results="always")
    client = as_user(reader)
    response = client.post(_url(poll, "vote"), {"choices": option_ids(poll, "Yes")[0]})
    assert response.status_code == 302
    response = client.post(_url(poll, "vote"), {"choices": option_ids(poll, "No")[0]}, follow=True)
    assert "Your vote is changed." in response.content.decode()
    tally = results(poll)
    assert tally.voters == 1 and [row.count for row in tally.rows] == [0, 1]
    page = response.content.decode()
    assert "1 person voted." in page and "0 votes, 0%" in page and "1 vote, 100%" in page
    assert "Change my vote" in page and Participation.objects.get(poll=poll).unverified is False


def test_a_second_vote_in_an_anonymous_poll_is_refused_next_to_the_form(as_user, workspace, manager, reader):
    poll = make_poll(workspace, manager, anonymous=True)
    cast(poll, reader, "Yes")
    response = as_user(reader).post(_url(poll, "vote"), {"choices": option_ids(poll, "No")[0]})
    assert response.status_code == 200
    assert "Thank you: your vote is counted." in response.content.decode()
    assert [row.count for row in results(poll).rows] == [1, 0]


@pytest.mark.parametrize("bad, message", [
    ({"choices": "999999"}, "Choose from the answers shown."),
    ({}, "Choose an answer."),
    ({"choices": "<script>alert(1)</script>"}, "Choose from the answers shown."),
])
def test_bad_input_is_refused_with_the_reason_and_nothing_saved(as_user, workspace, manager, reader, bad, message):
    poll = make_poll(workspace, manager)
    response = as_user(reader).post(_url(poll, "vote"), bad)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "<script>alert(1)" not in page
    assert not Participation.objects.filter(poll=poll).exists() and not Ballot.objects.filter(poll=poll).exists()


def test_too_many_answers_and_a_closed_poll_are_refused(as_user, workspace, manager, reader):
    poll = make_poll(workspace, manager, kind="multiple", max_choices=2, options=["A", "B", "C"])
    response = as_user(reader).post(_url(poll, "vote"), {"choices": option_ids(poll, "A", "B", "C")})
    assert "Choose at most 2 answers (you chose 3)." in response.content.decode()
    closed = make_poll(workspace, manager, stage="closed")
    response = as_user(reader).post(_url(closed, "vote"), {"choices": option_ids(closed, "Yes")[0]})
    assert response.status_code == 403 and "Voting closed on" in response.content.decode()
    assert not Participation.objects.filter(poll__in=[poll, closed]).exists()


def test_a_visitor_votes_once_per_browser_in_a_public_poll(as_user, public_workspace, manager):
    poll = make_poll(public_workspace, manager, view_access="anyone", results="after_vote")
    browser = as_user(None)
    page = browser.get(_url(poll))
    assert visitors.COOKIE in page.cookies and "Results" not in page.content.decode().split("<main", 1)[1]
    response = browser.post(_url(poll, "vote"), {"choices": option_ids(poll, "Yes")[0]}, follow=True)
    page = response.content.decode()
    assert "Your vote is counted." in page
    assert "1 person voted, including 1 unverified vote from visitors." in page
    again = browser.post(_url(poll, "vote"), {"choices": option_ids(poll, "No")[0]})
    assert "Thank you: your vote is counted." in again.content.decode()
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Participation.objects.get(poll=poll).unverified
    # Another browser is another visitor; one with no cookie is told why.
    fresh = as_user(None)
    response = fresh.post(_url(poll, "vote"), {"choices": option_ids(poll, "No")[0]})
    assert "allow cookies" in response.content.decode()


def test_too_many_votes_from_one_network_are_refused_plainly(as_user, public_workspace, manager, monkeypatch):
    poll = make_poll(public_workspace, manager, view_access="anyone")
    monkeypatch.setattr(visitors, "VOTES_PER_ADDRESS_PER_HOUR", 0)
    browser = as_user(None)
    browser.get(_url(poll))
    response = browser.post(_url(poll, "vote"), {"choices": option_ids(poll, "Yes")[0]})
    assert response.status_code == 429
    assert "Too many votes from your network; try again later." in response.content.decode()
    assert not Participation.objects.filter(poll=poll).exists()


def test_who_chose_what_is_for_named_polls_only(as_user, workspace, manager, reader, contributor):
    named = make_poll(workspace, manager)
    cast(named, reader, "No")
    page = as_user(manager).get(_url(named, "choices")).content.decode()
    assert reader.name in page and "No" in page
    anonymous = make_poll(workspace, manager, anonymous=True)
    cast(anonymous, reader, "Yes")
    assert as_user(manager).get(_url(anonymous, "choices")).status_code == 404
    assert as_user(contributor).get(_url(named, "choices")).status_code == 403
