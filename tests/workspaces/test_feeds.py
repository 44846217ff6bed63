"""Private feed addresses (workspaces.kit.feeds) and the workspace's activity as an Atom feed:
the secret shown once and stored only as a digest, revoked by its owner, stopping at once when
the owner may no longer see the workspace, and showing only what its owner may see."""

import hashlib

import feedparser
import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from links.services import link_create
from workspaces.kit import feeds
from workspaces.kit.feeds import WORKSPACE_ACTIVITY, feed_token_create, feed_token_revoke
from workspaces.models import Access, AuditEntry, FeedToken, Membership, Organisation
from workspaces.permissions.decorators import resolve_feed

from ..builders import make_team


def feed_url(workspace, secret):
    return reverse("workspace_activity_feed", args=[workspace.slug, secret])


def activity_url(workspace):
    return reverse("workspace_activity", args=[workspace.slug])


@pytest.fixture
def reader_feed(workspace, reader):
    """(token, secret): the reader's private address of the private workspace's activity."""
    return feed_token_create(owner=reader, scope=WORKSPACE_ACTIVITY, workspace=workspace, label="Rita's laptop")


# --- Making one: the secret once, a digest kept ---------------------------------------------------


def test_the_address_is_shown_once_and_only_a_digest_of_its_secret_is_kept(as_user, workspace, reader):
    response = as_user(reader).post(reverse("feed_token_create", args=[workspace.slug]), {"label": "My reader"})
    html = response.content.decode()
    token = FeedToken.objects.get()
    secret = html.split(f"/w/{workspace.slug}/activity/feed/")[1].split("/")[0]
    assert response.status_code == 200 and len(secret) == 43
    assert f">http://testserver{feed_url(workspace, secret)}</textarea>" in html
    assert "Anyone who has this address can read" in html and "only time it is shown" in html
    assert "no-store" in response["Cache-Control"]  # the page with the secret is kept by no cache
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(FeedToken.objects.values().get()) and secret not in str(AuditEntry.objects.values())
    assert (token.user, token.workspace, token.scope, token.label) == (reader, workspace, "workspace_activity",
                                                                      "My reader")
    entry = AuditEntry.objects.get(action="feed_token.created")
    assert entry.actor == reader and entry.workspace == workspace
    # ... and it works, once, as shown.
    assert as_user(None).get(feed_url(workspace, secret)).status_code == 200


def test_the_activity_page_lists_only_my_addresses_with_their_last_use(as_user, workspace, reader, contributor,
                                                                      reader_feed):
    feed_token_create(owner=contributor, scope=WORKSPACE_ACTIVITY, workspace=workspace, label="Chris's phone")
    html = as_user(reader).get(activity_url(workspace)).content.decode()
    assert "Follow this workspace's activity in a feed reader" in html
    assert "Rita&#x27;s laptop" in html and "not used yet" in html and "Chris&#x27;s phone" not in html
    as_user(None).get(feed_url(workspace, reader_feed[1]))
    html = as_user(reader).get(activity_url(workspace)).content.decode()
    assert "last used" in html and "not used yet" not in html


def test_visitors_see_no_feed_section_on_a_public_workspace(as_user, public_workspace):
    html = as_user(None).get(activity_url(public_workspace)).content.decode()
    assert "Create a private feed address" not in html


def test_one_person_holds_a_bounded_number_of_addresses(workspace, reader, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_LIVE", 1)
    feed_token_create(owner=reader, scope=WORKSPACE_ACTIVITY, workspace=workspace)
    with pytest.raises(feeds.ValidationError):
        feed_token_create(owner=reader, scope=WORKSPACE_ACTIVITY, workspace=workspace)


# --- Revoking ---------------------------------------------------------------------------------------------


def test_its_owner_revokes_it_after_confirming_and_it_stops_at_once(as_user, workspace, reader, reader_feed):
    token, secret = reader_feed
    url = reverse("feed_token_revoke", args=[workspace.slug, token.pk])
    client = as_user(reader)
    assert "Revoke the address" in client.get(url).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # asking is not doing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("/activity/#feeds")
    assert as_user(None).get(feed_url(workspace, secret)).status_code == 404
    entry = AuditEntry.objects.get(action="feed_token.revoked")
    assert entry.actor == reader and entry.before["label"] == "Rita's laptop"
    assert "Rita&#x27;s laptop" not in client.get(activity_url(workspace)).content.decode()


def test_nobody_else_revokes_it_not_even_a_manager(as_user, workspace, manager, contributor, reader_feed):
    token = reader_feed[0]
    for user in (manager, contributor):
        assert as_user(user).post(reverse("feed_token_revoke", args=[workspace.slug, token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_twice_changes_nothing_more(workspace, reader, reader_feed):
    token = reader_feed[0]
    feed_token_revoke(actor=reader, token=token)
    feed_token_revoke(actor=reader, token=token)
    assert AuditEntry.objects.filter(action="feed_token.revoked").count() == 1


# --- Checked again as its owner, every time -----------------------------------------------------------


def test_a_removed_members_address_stops_at_once(as_user, workspace, reader, reader_feed):
    assert as_user(None).get(feed_url(workspace, reader_feed[1])).status_code == 200
    Membership.objects.filter(workspace=workspace, user=reader).delete()
    assert as_user(None).get(feed_url(workspace, reader_feed[1])).status_code == 404


def test_an_address_stops_when_its_owners_licence_lapses_and_works_again_when_renewed(as_user, workspace, reader,
                                                                                     reader_feed):
    Organisation.objects.filter(pk=workspace.organisation_id).update(licensing_enabled=True)  # reader holds none
    assert as_user(None).get(feed_url(workspace, reader_feed[1])).status_code == 404
    Organisation.objects.filter(pk=workspace.organisation_id).update(licensing_enabled=False)
    assert as_user(None).get(feed_url(workspace, reader_feed[1])).status_code == 200


def test_a_deactivated_accounts_address_stops(as_user, workspace, reader, reader_feed):
    type(reader).objects.filter(pk=reader.pk).update(is_active=False)
    assert as_user(None).get(feed_url(workspace, reader_feed[1])).status_code == 404


def test_a_token_of_another_scope_does_not_open_this_feed(as_user, workspace, reader):
    other = feeds.FeedScope("diaries.calendar", perm="workspaces.view_workspace", url_name="workspace_activity_feed")
    _, secret = feed_token_create(owner=reader, scope=other, workspace=workspace)
    assert as_user(None).get(feed_url(workspace, secret)).status_code == 404


def test_an_unknown_token_is_looked_up_by_its_digest_in_one_query(workspace, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(1), pytest.raises(Http404):
        resolve_feed(request, WORKSPACE_ACTIVITY, workspace.slug, "x" * 43)


# --- The feed: what its owner may see, as Atom ---------------------------------------------------------


def _world(workspace, manager, contributor):
    team = make_team(workspace, "Board", members=[contributor])
    link_create(actor=manager, workspace=workspace, url="https://example.org/open", title="Open guidance")
    link_create(actor=manager, workspace=workspace, url="https://example.org/board", title="Board briefing",
                view_access=Access.TEAMS, view_teams=[team])


def test_the_feed_shows_only_what_its_owner_may_see_whoever_fetches_it(as_user, workspace, manager, contributor,
                                                                       reader, reader_feed):
    _world(workspace, manager, contributor)
    # Fetched by the manager, signed in: still the reader's view (the token is the credential).
    body = as_user(manager).get(feed_url(workspace, reader_feed[1])).content.decode()
    assert "Open guidance" in body and "Board briefing" not in body
    _, team_secret = feed_token_create(owner=contributor, scope=WORKSPACE_ACTIVITY, workspace=workspace)
    body = as_user(None).get(feed_url(workspace, team_secret)).content.decode()
    assert "Open guidance" in body and "Board briefing" in body


def test_a_feed_reader_can_read_it(as_user, workspace, manager, contributor, reader_feed):
    _world(workspace, manager, contributor)
    response = as_user(None).get(feed_url(workspace, reader_feed[1]))
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10" and parsed.feed.title == "Test programme: activity"
    assert parsed.feed.link == f"http://testserver{activity_url(workspace)}"
    entry = parsed.entries[0]
    assert entry.title == "Maya Manager added the link Open guidance"
    assert entry.link.startswith("http://testserver/w/test-programme/links/")
    assert entry.author == "Maya Manager" and entry.updated_parsed is not None
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)


def test_a_reader_polling_an_unchanged_feed_gets_304(as_user, workspace, manager, contributor, reader_feed):
    _world(workspace, manager, contributor)
    client = as_user(None)
    first = client.get(feed_url(workspace, reader_feed[1]))
    assert first["ETag"] and "private" in first["Cache-Control"] and first["X-Robots-Tag"] == "noindex, nofollow"
    again = client.get(feed_url(workspace, reader_feed[1]), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    link_create(actor=manager, workspace=workspace, url="https://example.org/new", title="New guidance")
    changed = client.get(feed_url(workspace, reader_feed[1]), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "New guidance" in changed.content.decode()


def test_an_archived_workspace_still_feeds_its_members(as_user, workspace, reader_feed):
    type(workspace).objects.filter(pk=workspace.pk).update(is_archived=True)
    assert as_user(None).get(feed_url(workspace, reader_feed[1])).status_code == 200


def test_a_member_may_make_one_a_visitor_is_sent_to_sign_in(as_user, workspace, public_workspace, outsider):
    assert as_user(None).post(reverse("feed_token_create", args=[public_workspace.slug])).status_code == 302
    # Someone signed in who may read a public workspace may follow it too (they see what they may see).
    assert as_user(outsider).post(reverse("feed_token_create", args=[public_workspace.slug])).status_code == 200
    assert FeedToken.objects.get().user == outsider
