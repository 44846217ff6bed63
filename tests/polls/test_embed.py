"""The poll widget (polls.views_embed): framed only by the workspace's allowed sites, only for a
live embeddable poll anyone may see in a public workspace, visitors' votes one per browser with
the form's voter-bound token, a per-address limit, unverified votes counted apart."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from polls import visitors
from polls.models import Ballot, Participation
from workspaces.models import Workspace

from ..conftest import client_for
from .builders import cast, make_poll, option_ids

pytestmark = pytest.mark.django_db

ORIGINS = "https://www.example.gov.uk\nhttps://news.example.org:8443"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # the per-address counters are keyed by poll id, which the next test reuses
    yield
    cache.clear()


@pytest.fixture
def site(public_workspace):
    Workspace.objects.filter(pk=public_workspace.pk).update(embed_origins=ORIGINS)
    public_workspace.refresh_from_db()
    return public_workspace


def embed_url(poll, name="polls:embed"):
    return reverse(name, kwargs={"workspace": poll.workspace.slug, "pk": poll.pk})


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def visitor():
    """A fresh browser (its own cookie jar), not signed in, CSRF enforced as a browser would; on
    localhost, where a Secure cookie is kept over http, as the browser tests run."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.7", HTTP_HOST="localhost")


def vote_as(client, poll, *labels, token=None):
    page = client.get(embed_url(poll))
    data = {"choices": [str(pk) for pk in option_ids(poll, *labels)], "token": token or token_of(page)}
    return client.post(embed_url(poll, "polls:embed_vote"), data)


def test_the_widget_may_be_framed_exactly_by_the_allowed_sites(site, manager):
    poll = make_poll(site, manager, embed=True, question="Reopen the river path?")
    response = Client().get(embed_url(poll))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors https://www.example.gov.uk https://news.example.org:8443;" in csp + ";"
    assert "script-src 'self'" in csp and "default-src 'self'" in csp  # the rest of the strict CSP stays
    assert "X-Frame-Options" not in response
    html = response.content.decode()
    assert "<title>Reopen the river path?</title>" in html and "<h1>Reopen the river path?</h1>" in html
    assert "site-header" not in html and "embed-frame.js" in html


def test_no_allowed_site_means_frame_ancestors_none(public_workspace, manager):
    poll = make_poll(public_workspace, manager, embed=True)
    response = Client().get(embed_url(poll))
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response


def test_other_pages_still_refuse_framing(site, manager):
    poll = make_poll(site, manager, embed=True)
    response = Client().get(poll.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_private_workspaces_widget_is_not_found_for_everyone(workspace, manager, reader):
    Workspace.objects.filter(pk=workspace.pk).update(embed_origins=ORIGINS)
    poll = make_poll(workspace, manager, embed=True, view_access="anyone")
    for client in (client_for(reader), client_for(manager)):
        response = client.get(embed_url(poll))
        assert response.status_code == 404
        assert response["X-Frame-Options"] == "DENY"
    response = Client().get(embed_url(poll))  # asked to sign in, as everywhere in a private workspace
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("extra", [{"stage": "draft"}, {"embed": False}, {"view_access": "members"}])
def test_a_draft_a_poll_not_embeddable_or_for_members_only_is_not_found(site, manager, extra):
    options = {"embed": True, **extra}
    poll = make_poll(site, manager, **options)
    for client in (Client(), client_for(manager)):
        assert client.get(embed_url(poll)).status_code == 404


def test_a_visitor_votes_once_per_browser_and_the_vote_is_unverified(site, manager):
    poll = make_poll(site, manager, embed=True, results="after_vote")
    browser = visitor()
    page = browser.get(embed_url(poll))
    assert "Results" not in page.content.decode()
    cookie = page.cookies[visitors.COOKIE]
    assert cookie["samesite"] == "None" and cookie["secure"] and cookie["httponly"]
    assert "Partitioned" in cookie.OutputString()
    response = vote_as(browser, poll, "Yes")
    assert response.status_code == 302 and response["Location"].endswith("?voted=1")
    after = browser.get(response["Location"]).content.decode()
    assert "your vote is counted" in after and "1 unverified vote" in after  # the results, after voting
    again = browser.post(embed_url(poll, "polls:embed_vote"),
                         {"choices": option_ids(poll, "No"), "token": token_of(page)})
    assert "You have already voted" in again.content.decode() or "You have voted" in again.content.decode()
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll, unverified=True).count() == 1
    # A new browser (a new cookie) votes again.
    assert vote_as(visitor(), poll, "No").status_code == 302
    assert Participation.objects.filter(poll=poll, unverified=True).count() == 2


def test_a_burst_from_one_address_is_stopped(site, manager, monkeypatch):
    monkeypatch.setattr(visitors, "VOTES_PER_ADDRESS_PER_HOUR", 3)
    poll = make_poll(site, manager, embed=True)
    answers = [vote_as(visitor(), poll, "Yes") for _ in range(5)]
    assert [a.status_code for a in answers] == [302, 302, 302, 429, 429]
    assert "Too many votes" in answers[-1].content.decode()
    assert Participation.objects.filter(poll=poll).count() == 3


def test_a_browser_that_sends_no_cookie_is_told_and_offered_the_workspaces_site(site, manager):
    poll = make_poll(site, manager, embed=True)
    browser = visitor()
    token = token_of(browser.get(embed_url(poll)))
    browser.cookies.clear()  # third-party cookies blocked: nothing comes back
    response = browser.post(embed_url(poll, "polls:embed_vote"), {"choices": option_ids(poll, "Yes"), "token": token})
    html = response.content.decode()
    assert response.status_code == 200 and "did not send back the cookie" in html
    assert f'href="http://localhost{poll.get_absolute_url()}" target="_blank" rel="noopener"' in html
    assert "Vote on the workspace’s site" in html
    assert not Participation.objects.filter(poll=poll).exists()


def test_a_forged_or_borrowed_token_is_refused(site, manager):
    poll = make_poll(site, manager, embed=True)
    attacker, victim = visitor(), visitor()
    attackers_token = token_of(attacker.get(embed_url(poll)))
    victim.get(embed_url(poll))  # the victim's browser has its cookie
    for token in ("forged", attackers_token, ""):
        response = victim.post(embed_url(poll, "polls:embed_vote"),
                               {"choices": option_ids(poll, "Yes"), "token": token})
        assert response.status_code == 200 and "Choose your answer again" in response.content.decode()
    assert not Participation.objects.filter(poll=poll).exists()
    other = make_poll(site, manager, embed=True)  # a token is for one poll
    token = token_of(victim.get(embed_url(other)))
    victim.post(embed_url(poll, "polls:embed_vote"), {"choices": option_ids(poll, "Yes"), "token": token})
    assert not Participation.objects.filter(poll=poll).exists()


def test_a_bad_choice_is_shown_next_to_the_field_and_kept(site, manager):
    poll = make_poll(site, manager, embed=True)
    browser = visitor()
    token = token_of(browser.get(embed_url(poll)))
    response = browser.post(embed_url(poll, "polls:embed_vote"), {"choices": "", "token": token})
    html = response.content.decode()
    assert response.status_code == 200 and 'class="error-message"' in html
    response = browser.post(embed_url(poll, "polls:embed_vote"), {"choices": "999999", "token": token})
    assert response.status_code == 200 and "error-message" in response.content.decode()
    assert not Participation.objects.filter(poll=poll).exists()


def test_unverified_votes_are_counted_apart_in_the_results(site, manager, reader):
    poll = make_poll(site, manager, embed=True, results="always")
    cast(poll, reader, "Yes")
    vote_as(visitor(), poll, "No")
    vote_as(visitor(), poll, "No")
    html = Client().get(embed_url(poll)).content.decode()
    assert "3 people voted, including 2 unverified votes from visitors" in html


def test_a_poll_requiring_sign_in_offers_sign_in_on_the_polls_page(site, manager):
    poll = make_poll(site, manager, embed=True, sign_in_required=True)
    browser = visitor()
    html = browser.get(embed_url(poll)).content.decode()
    assert "Sign in to vote" in html and f'href="http://localhost{poll.get_absolute_url()}" target="_blank"' in html
    assert 'name="choices"' not in html
    response = vote_as(browser, poll, "Yes", token="x")
    assert response.status_code == 403
    assert not Participation.objects.filter(poll=poll).exists()


def test_results_after_close_are_not_shown_to_a_manager_in_the_widget(site, manager):
    poll = make_poll(site, manager, embed=True, results="after_close")
    html = client_for(manager).get(embed_url(poll)).content.decode()
    assert "The results show when the poll closes." in html and "Results</h2>" not in html


def test_a_closed_poll_shows_its_results_and_takes_no_vote(site, manager, reader):
    poll = make_poll(site, manager, embed=True, stage="closed")
    cast(poll, reader, "Yes")
    html = visitor().get(embed_url(poll)).content.decode()
    assert 'name="choices"' not in html and "Results</h2>" in html


def test_a_member_whose_session_reaches_the_frame_votes_as_themselves(site, manager, reader):
    poll = make_poll(site, manager, embed=True)
    client = client_for(reader)
    response = vote_as(client, poll, "Yes")
    assert response.status_code == 302
    assert Participation.objects.get(poll=poll).user == reader
    assert Ballot.objects.get(poll=poll).unverified is False


def test_the_embed_code_page_gives_the_iframe_and_script(site, manager, as_user):
    poll = make_poll(site, manager, embed=True, question='The "river" path?')
    response = as_user(manager).get(embed_url(poll, "polls:embed_code"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "title=&amp;quot;" not in html  # escaped once for the attribute, once for the textarea
    assert 'title="The &amp;quot;river&amp;quot; path?"' in html
    assert f'src="http://testserver{embed_url(poll)}"' in html.replace("&quot;", '"')
    assert "engage-embed.js" in html and 'height="480"' in html.replace("&quot;", '"')
    assert "https://www.example.gov.uk" in html


def test_the_embed_code_page_links_to_settings_when_no_site_is_allowed(public_workspace, manager, as_user):
    poll = make_poll(public_workspace, manager, embed=True)
    html = as_user(manager).get(embed_url(poll, "polls:embed_code")).content.decode()
    assert "No site may show this workspace’s widgets yet" in html
    assert reverse("workspace_settings", args=[public_workspace.slug]) in html


def test_the_widget_costs_a_bounded_number_of_queries(site, manager, django_assert_max_num_queries):
    small = make_poll(site, manager, embed=True, results="always", options=["A", "B"])
    large = make_poll(site, manager, embed=True, results="always", options=[f"Option {i}" for i in range(20)])
    for poll in (small, large):
        browser = visitor()
        with django_assert_max_num_queries(12):
            assert browser.get(embed_url(poll)).status_code == 200
