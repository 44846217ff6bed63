"""Feeds (kit): every URL marked `feed` answers 404, to everyone and with or without cookies,
for a token that is malformed, unknown, one character off, revoked, of another workspace, or
whose owner may no longer see the workspace; only GET and HEAD; a refused fetch changes nothing.
A personal feed (a tool's personal URL: no workspace in it) answers 404 for a deactivated owner
(what it shows of each workspace is the tool's test: visible() as the owner)."""

import copy
import secrets

import pytest

from workspaces.kit.feeds import feed_token_revoke
from workspaces.models import FeedToken, Membership

from ..conftest import PERSONAS
from .outcomes import FEED, MARKERS
from .probe import ROUTES, fetch, url_for
from .tables import MATRIX, TOOLS
from .world import client_as, diff, snapshot

FEED_ROUTES = sorted(name for name, route in ROUTES.items() if route.access == FEED)

# Which of the place's tokens each scope's URLs take: the reader's activity address, or their key
# to the workspace's news feeds (the workspace's, each blog's, tag's and author's).
TOKENS = {"workspace_activity": ("feed_token", "feed_secret"),
          "workspace_feeds": ("news_feed_token", "news_feed_secret")}
# ...and the tools' own scopes (their tables' FEED_TOKENS).
for _tables in TOOLS.values():
    TOKENS.update(_tables.FEED_TOKENS)
WORKSPACE_FEED_ROUTES = [name for name in FEED_ROUTES if "workspace" in ROUTES[name].params]
PERSONAL_FEED_ROUTES = [name for name in FEED_ROUTES if "workspace" not in ROUTES[name].params]


def _token_of(name, place):
    token, secret = TOKENS[ROUTES[name].callback.engage_feed_scope]
    return getattr(place, token), getattr(place, secret), secret


def _everyone_gets(url, personas, expected=404):
    got = {persona: fetch(client_as(personas[persona]), "get", url) for persona in PERSONAS}
    assert got == dict.fromkeys(PERSONAS, expected), url


def test_feeds_are_the_sixth_access_kind_and_in_the_matrix():
    assert FEED in MARKERS and FEED_ROUTES == ["blogs:author_feed", "blogs:blog_feed", "blogs:tag_feed",
                                               "me:diaries:ical", "workspace_activity_feed", "workspace_feed"]
    assert PERSONAL_FEED_ROUTES == ["me:diaries:ical"]
    assert all(MATRIX[name]["access"] == FEED for name in FEED_ROUTES)
    assert all(ROUTES[name].callback.engage_feed_scope in TOKENS for name in FEED_ROUTES)
    assert all("token" in ROUTES[name].params for name in FEED_ROUTES)


def replace(place, **changes):
    """The place with other values (a copy: the module's world stays as it was)."""
    changed = copy.copy(place)
    changed.__dict__.update(changes)
    return changed


def _off_by_one(secret):
    return secret[:-1] + ("A" if secret[-1] != "A" else "B")


@pytest.mark.parametrize("name", FEED_ROUTES)
@pytest.mark.parametrize("bad", ["unknown", "off_by_one", "too_short", "not_url_safe", "empty_like"])
def test_a_bad_token_is_not_found_for_everyone(name, bad, private, personas):
    _token, secret, attr = _token_of(name, private)
    token = {"unknown": secrets.token_urlsafe(32), "off_by_one": _off_by_one(secret),
             "too_short": "abc", "not_url_safe": secret[:20] + "$$$", "empty_like": "-" * 20}[bad]
    before = snapshot()
    _everyone_gets(url_for(name, replace(private, **{attr: token})), personas)
    assert not diff(before, snapshot())


@pytest.mark.parametrize("name", FEED_ROUTES)
def test_a_revoked_token_is_not_found_for_everyone(name, private, personas):
    token, _secret, _attr = _token_of(name, private)
    feed_token_revoke(actor=private.reader, token=FeedToken.objects.get(pk=token.pk))
    _everyone_gets(url_for(name, private), personas)


@pytest.mark.parametrize("name", WORKSPACE_FEED_ROUTES)
def test_a_token_of_another_workspace_is_not_found_here(name, private, public, personas):
    # The reader's own token, for the public workspace, under the private workspace's address.
    _token, secret, attr = _token_of(name, public)
    _everyone_gets(url_for(name, replace(private, **{attr: secret})), personas)


@pytest.mark.parametrize("name", WORKSPACE_FEED_ROUTES)
def test_a_token_stops_working_when_its_owner_can_no_longer_see_the_workspace(name, private, personas):
    url = url_for(name, private)
    assert fetch(client_as(None), "get", url) == 200
    Membership.objects.filter(pk=private.membership.pk).delete()  # the reader leaves
    _everyone_gets(url, personas)


@pytest.mark.parametrize("name", PERSONAL_FEED_ROUTES)
def test_a_personal_token_stops_working_when_its_owner_is_deactivated(name, private, personas):
    url = url_for(name, private)
    assert fetch(client_as(None), "get", url) == 200
    token, _secret, _attr = _token_of(name, private)
    type(token.user).objects.filter(pk=token.user_id).update(is_active=False)
    _everyone_gets(url, personas)


@pytest.mark.parametrize("name", PERSONAL_FEED_ROUTES)
def test_a_workspace_token_does_not_open_a_personal_feed(name, private, personas):
    _everyone_gets(url_for(name, replace(private, **{_token_of(name, private)[2]: private.feed_secret})), personas)


@pytest.mark.parametrize("name", FEED_ROUTES)
def test_a_feed_takes_only_get_and_head_and_a_post_changes_nothing(name, private, personas):
    url = url_for(name, private)
    assert client_as(None).head(url).status_code == 200
    for persona in PERSONAS:
        before = snapshot()
        assert fetch(client_as(personas[persona]), "post", url, {}) == 405
        assert not diff(before, snapshot())


@pytest.mark.parametrize("name", FEED_ROUTES)
def test_a_good_token_answers_with_no_cookie_at_all(name, private, client):
    response = client.get(url_for(name, private))  # a bare client: no session, no CSRF cookie
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    token, _secret, _attr = _token_of(name, private)
    assert FeedToken.objects.get(pk=token.pk).last_used_at is not None
