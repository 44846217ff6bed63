"""The workspace's news feed (every tool's published items), the Feeds page that lists the
workspace's feeds and makes a member's key to them (shown once), the member's page of feed
addresses (revoke, reset), and feed secrets kept out of logs."""

import logging

import feedparser
import pytest
from django.urls import reverse

from links.services import link_create
from workspaces.kit.feeds import WORKSPACE_ACTIVITY, WORKSPACE_FEEDS, feed_token_create
from workspaces.models import Access, FeedToken

from ..blogs.builders import make_blog, make_post

pytestmark = pytest.mark.django_db


def _parsed(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def _secret_in(content, workspace):
    """The first private address's secret on a page."""
    text = content.decode()
    start = text.index(f"/w/{workspace.slug}/feeds/") + len(f"/w/{workspace.slug}/feeds/")
    return text[start:text.index("/", start)]


def test_the_workspace_feed_merges_every_tools_published_items_newest_first(as_user, public_workspace, manager):
    blog = make_blog(public_workspace, manager, title="News")
    make_post(blog, manager, title="A post")
    make_post(blog, manager, stage="draft", title="A draft")
    link_create(actor=manager, workspace=public_workspace, url="https://example.org/", title="A link")
    for fmt in ("rss", "atom"):
        feed = _parsed(as_user(None).get(reverse("workspace_public_feed", kwargs={"workspace": public_workspace.slug,
                                                                                  "format": fmt})))
        assert [entry.title for entry in feed.entries] == ["A link", "A post"]


def test_a_members_only_link_is_only_in_a_members_feed(as_user, public_workspace, manager, reader):
    link_create(actor=manager, workspace=public_workspace, url="https://example.org/a", title="Members' link",
                view_access=Access.MEMBERS)
    public = _parsed(as_user(None).get(reverse("workspace_public_feed", kwargs={
        "workspace": public_workspace.slug, "format": "atom"})))
    assert not public.entries
    _token, secret = feed_token_create(owner=reader, scope=WORKSPACE_FEEDS, workspace=public_workspace)
    private = _parsed(as_user(None).get(reverse("workspace_feed", kwargs={
        "workspace": public_workspace.slug, "token": secret, "format": "atom"})))
    assert [entry.title for entry in private.entries] == ["Members' link"]


def test_the_feeds_page_of_a_public_workspace_lists_public_feeds_with_alternate_links(as_user, public_workspace,
                                                                                       manager):
    make_blog(public_workspace, manager, title="News")
    response = as_user(None).get(reverse("workspace_feeds", args=[public_workspace.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<link rel="alternate" type="application/atom+xml"' in body
    assert f"http://testserver/w/{public_workspace.slug}/feed/atom/" in body
    assert f"http://testserver/w/{public_workspace.slug}/blogs/news/feed/rss/" in body
    assert "Make my private feed address" not in body  # anonymous: nothing to make


def test_making_a_key_shows_every_private_address_once_and_resetting_revokes_the_old(as_user, workspace, reader,
                                                                                     manager):
    make_blog(workspace, manager, title="News")
    client = as_user(reader)
    page = client.get(reverse("workspace_feeds", args=[workspace.slug]))
    assert b"Make my private feed address" in page.content and b"/feed/atom/" not in page.content
    made = client.post(reverse("workspace_feeds_key", args=[workspace.slug]))
    assert made.status_code == 200 and "no-store" in made["Cache-Control"]
    secret = _secret_in(made.content, workspace)
    assert f"/w/{workspace.slug}/blogs/feeds/{secret}/blog/news/atom/".encode() in made.content
    assert b"it cannot sign in or change anything" in made.content
    assert client.get(reverse("workspace_feed", kwargs={"workspace": workspace.slug, "token": secret,
                                                        "format": "rss"})).status_code == 200
    assert secret.encode() not in client.get(reverse("workspace_feeds", args=[workspace.slug])).content
    again = client.post(reverse("workspace_feeds_key", args=[workspace.slug]))
    assert _secret_in(again.content, workspace) != secret
    assert as_user(None).get(reverse("workspace_feed", kwargs={"workspace": workspace.slug, "token": secret,
                                                               "format": "rss"})).status_code == 404
    assert FeedToken.objects.filter(user=reader, scope=WORKSPACE_FEEDS.name, revoked_at__isnull=True).count() == 1


def test_your_feed_addresses_lists_every_live_one_and_revokes_and_resets_them(as_user, workspace, public_workspace,
                                                                            reader, manager):
    news, _ = feed_token_create(owner=reader, scope=WORKSPACE_FEEDS, workspace=workspace, label="News feeds")
    activity, _ = feed_token_create(owner=reader, scope=WORKSPACE_ACTIVITY, workspace=public_workspace,
                                    label="Phone")
    others, _ = feed_token_create(owner=manager, scope=WORKSPACE_FEEDS, workspace=workspace, label="Maya's")
    client = as_user(reader)
    page = client.get(reverse("feed_addresses"))
    body = page.content.decode()
    assert workspace.name in body and public_workspace.name in body and "Phone" in body and "Maya's" not in body
    assert reverse("feed_addresses") in as_user(reader).get(reverse("profile")).content.decode()
    # Someone else's address is not found; one's own is revoked after a confirmation.
    assert client.get(reverse("feed_address_revoke", args=[others.pk])).status_code == 404
    assert client.get(reverse("feed_address_revoke", args=[activity.pk])).status_code == 200
    assert client.post(reverse("feed_address_revoke", args=[activity.pk])).status_code == 302
    assert FeedToken.objects.get(pk=activity.pk).revoked_at is not None
    # Reset: the old one revoked, a new one shown once (every news feed's address for a news key).
    reset = client.post(reverse("feed_address_reset", args=[news.pk]))
    assert reset.status_code == 200 and "no-store" in reset["Cache-Control"]
    assert FeedToken.objects.get(pk=news.pk).revoked_at is not None
    secret = _secret_in(reset.content, workspace)
    assert as_user(None).get(reverse("workspace_feed", kwargs={"workspace": workspace.slug, "token": secret,
                                                               "format": "atom"})).status_code == 200
    assert FeedToken.objects.get(user=reader, scope=WORKSPACE_FEEDS.name, revoked_at__isnull=True).label == "News feeds"


def test_a_feed_secret_never_reaches_a_log_record(as_user, workspace, reader, manager, caplog):
    blog = make_blog(workspace, manager, title="News")
    make_post(blog, manager, title="A post")
    _token, secret = feed_token_create(owner=reader, scope=WORKSPACE_FEEDS, workspace=workspace)
    unknown = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    with caplog.at_level(logging.INFO):
        for token in (secret, unknown):
            for url in (reverse("workspace_feed", kwargs={"workspace": workspace.slug, "token": token,
                                                          "format": "atom"}),
                        reverse("blogs:blog_feed", kwargs={"workspace": workspace.slug, "token": token,
                                                           "blog": "news", "format": "rss"})):
                as_user(None).get(url)
        logging.getLogger("django.server").info('"GET %s HTTP/1.1" 200 12', f"/w/x/feeds/{secret}/atom/")
    messages = [record.getMessage() for record in caplog.records]
    assert any("Not Found" in message and "[feed token]" in message for message in messages), messages
    assert not any(secret in message or unknown in message for message in messages)
    assert not any(secret in str(getattr(record, "args", "")) for record in caplog.records)


def test_gunicorns_access_log_redacts_feed_secrets():
    from engage.log_redaction import redact

    secret = "a" * 43
    assert redact(f"GET /w/x/feeds/{secret}/atom/ HTTP/1.1") == "GET /w/x/feeds/[feed token]/atom/ HTTP/1.1"
    assert redact(f"/w/x/activity/feed/{secret}/") == "/w/x/activity/feed/[feed token]/"
    assert redact("/w/x/feed/atom/") == "/w/x/feed/atom/"


def test_the_feeds_pages_take_a_bounded_number_of_queries(as_user, public_workspace, workspace, manager, reader,
                                                          django_assert_max_num_queries):
    client = as_user(reader)
    feeds_url = reverse("workspace_feeds", args=[public_workspace.slug])
    for size in (1, 8):
        for number in range(size):
            blog = make_blog(public_workspace, manager)
            make_post(blog, manager, tags=[f"tag {size} {number}"])
            feed_token_create(owner=reader, scope=WORKSPACE_ACTIVITY, workspace=workspace, label=f"{size}-{number}")
        client.get(feeds_url)
        with django_assert_max_num_queries(30):
            assert client.get(feeds_url).status_code == 200
        with django_assert_max_num_queries(20):
            assert client.get(reverse("feed_addresses")).status_code == 200
        with django_assert_max_num_queries(30):
            assert client.post(reverse("workspace_feeds_key", args=[public_workspace.slug])).status_code == 200
