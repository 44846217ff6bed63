"""The blogs' feeds (and the workspace's news feed, which carries their posts) never leak: a
scheduled, draft, unpublished, team-only, hidden or deleted post, or a post of a deleted blog, is
in no feed, for anyone who may fetch it — anonymous (public workspace), a reader's key, a
manager's key; a key that no longer opens the workspace answers 404; the feed's own date comes
from what it shows."""

import calendar
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from blogs.models import Blog, Post
from workspaces.kit.feeds import WORKSPACE_FEEDS, feed_token_create, feed_token_revoke
from workspaces.kit.moderation import ModerationStatus
from workspaces.models import Access, Membership, Organisation

from ..builders import make_team
from .builders import make_blog, make_post

pytestmark = pytest.mark.django_db

HIDDEN = {"Future", "Draft", "Unpublished", "Team only", "Hidden", "Deleted", "Of a deleted blog"}


@pytest.fixture
def news(request, workspace, public_workspace, manager, contributor):
    """The same posts in one workspace (the test's parameter: "private" or "public")."""
    place = workspace if request.param == "private" else public_workspace
    access = Access.MEMBERS if request.param == "private" else Access.ANYONE
    blog = make_blog(place, manager, title="News", view_access=access, writers="contributors")
    gone_blog = make_blog(place, manager, title="Old news", view_access=access)
    team = make_team(place, "Board")
    an_hour_ago = timezone.now() - timedelta(hours=1)
    posts = {
        "Visible": make_post(blog, manager, title="Visible", tags=["rivers"], at=an_hour_ago),
        "Future": make_post(blog, manager, stage="scheduled", title="Future", tags=["rivers"],
                            at=timezone.now() + timedelta(days=3650)),
        "Draft": make_post(blog, manager, stage="draft", title="Draft", tags=["rivers"]),
        "Unpublished": make_post(blog, manager, stage="unpublished", title="Unpublished", tags=["rivers"]),
        "Team only": make_post(blog, manager, title="Team only", tags=["rivers"], view_access=Access.TEAMS,
                               view_teams=[team]),
        "Hidden": make_post(blog, manager, title="Hidden", tags=["rivers"]),
        "Deleted": make_post(blog, manager, title="Deleted", tags=["rivers"]),
        "Of a deleted blog": make_post(gone_blog, manager, title="Of a deleted blog", tags=["rivers"]),
    }
    Post.objects.filter(pk=posts["Hidden"].pk).update(status=ModerationStatus.HIDDEN)
    Post.objects.filter(pk=posts["Deleted"].pk).update(is_deleted=True)
    Blog.objects.filter(pk=gone_blog.pk).update(is_deleted=True)
    return place, blog, gone_blog, posts


def _addresses(place, blog, author, token=None):
    """Every feed that could show the posts, both formats: the workspace's, the blog's, the tag's,
    the author's; public ones without a token, else the private ones."""
    ws = place.slug
    urls = []
    for fmt in ("rss", "atom"):
        if token is None:
            urls += [reverse("workspace_public_feed", kwargs={"workspace": ws, "format": fmt}),
                     reverse("blogs:blog_public_feed", kwargs={"workspace": ws, "blog": blog.slug, "format": fmt}),
                     reverse("blogs:tag_public_feed", kwargs={"workspace": ws, "tag": "rivers", "format": fmt}),
                     reverse("blogs:author_public_feed", kwargs={"workspace": ws, "author": author.pk, "format": fmt})]
        else:
            urls += [reverse("workspace_feed", kwargs={"workspace": ws, "token": token, "format": fmt}),
                     reverse("blogs:blog_feed", kwargs={"workspace": ws, "token": token, "blog": blog.slug,
                                                        "format": fmt}),
                     reverse("blogs:tag_feed", kwargs={"workspace": ws, "token": token, "tag": "rivers",
                                                       "format": fmt}),
                     reverse("blogs:author_feed", kwargs={"workspace": ws, "token": token, "author": author.pk,
                                                          "format": fmt})]
    return urls


def _parsed(response):
    assert response.status_code == 200, response
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def _titles(feed):
    return {entry.title for entry in feed.entries}


@pytest.mark.parametrize("news", ["public"], indirect=True)
def test_public_feeds_show_only_what_anyone_may_read(news, as_user, manager):
    place, blog, _gone, _posts = news
    for url in _addresses(place, blog, manager):
        for who in (None, manager):  # a signed-in manager gets the anonymous feed too (it is cached publicly)
            response = as_user(who).get(url)
            feed = _parsed(response)
            assert _titles(feed) == {"Visible"}, url
            assert response["Cache-Control"] == "public, max-age=300" or set(
                response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
            assert "what its reader may see" in (feed.feed.get("subtitle") or feed.feed.get("description") or "")


@pytest.mark.parametrize("news", ["private", "public"], indirect=True)
def test_keyed_feeds_show_only_public_posts_the_keys_owner_may_see(news, as_user, reader, manager):
    place, blog, _gone, _posts = news
    for owner, expected in ((reader, {"Visible"}), (manager, {"Visible", "Team only"})):
        # Managers may read a team-only post (the policy admits them); never a draft, a scheduled one...
        _token, secret = feed_token_create(owner=owner, scope=WORKSPACE_FEEDS, workspace=place)
        for url in _addresses(place, blog, manager, secret):
            response = as_user(None).get(url)
            assert _titles(_parsed(response)) == expected, (owner, url)
            assert "private" in response["Cache-Control"]
            assert not _titles(_parsed(response)) & (HIDDEN - expected)


@pytest.mark.parametrize("news", ["private"], indirect=True)
def test_public_feeds_of_a_private_workspace_are_not_found_for_anyone(news, as_user, manager, reader):
    place, blog, _gone, _posts = news
    for url in _addresses(place, blog, manager):
        for who in (None, reader, manager):
            assert as_user(who).get(url).status_code == 404, url


@pytest.mark.parametrize("news", ["private"], indirect=True)
def test_a_key_that_no_longer_opens_the_workspace_answers_404(news, as_user, reader, manager, workspace):
    place, blog, _gone, _posts = news
    token, secret = feed_token_create(owner=reader, scope=WORKSPACE_FEEDS, workspace=place)
    urls = _addresses(place, blog, manager, secret)
    assert all(as_user(None).get(url).status_code == 200 for url in urls)
    Organisation.objects.filter(pk=place.organisation_id).update(licensing_enabled=True)  # no licence held
    assert all(as_user(None).get(url).status_code == 404 for url in urls)
    Organisation.objects.filter(pk=place.organisation_id).update(licensing_enabled=False)
    Membership.objects.filter(workspace=place, user=reader).delete()  # an ex-member
    assert all(as_user(None).get(url).status_code == 404 for url in urls)
    _token2, secret2 = feed_token_create(owner=manager, scope=WORKSPACE_FEEDS, workspace=place)
    feed_token_revoke(actor=manager, token=_token2)
    assert all(as_user(None).get(url).status_code == 404 for url in _addresses(place, blog, manager, secret2))


@pytest.mark.parametrize("news", ["public"], indirect=True)
def test_a_deleted_blogs_feed_and_an_author_with_nothing_to_show_are_not_found(news, as_user, contributor):
    place, _blog, gone, _posts = news
    assert as_user(None).get(reverse("blogs:blog_public_feed", kwargs={
        "workspace": place.slug, "blog": gone.slug, "format": "atom"})).status_code == 404
    assert as_user(None).get(reverse("blogs:author_public_feed", kwargs={
        "workspace": place.slug, "author": contributor.pk, "format": "atom"})).status_code == 404


@pytest.mark.parametrize("news", ["public"], indirect=True)
def test_the_feeds_date_is_its_newest_visible_entrys_never_a_scheduled_posts(news, as_user, manager):
    place, blog, _gone, posts = news
    visible = Post.objects.get(pk=posts["Visible"].pk)
    newest = max(visible.published_at, visible.updated_at)
    for url in _addresses(place, blog, manager):
        response = as_user(None).get(url)
        feed = _parsed(response)
        assert calendar.timegm(feed.feed.updated_parsed) == int(newest.timestamp()), url
        assert response["Last-Modified"]
    # An empty feed: the workspace's creation, never "now" (it would defeat 304s).
    empty = as_user(None).get(reverse("blogs:tag_public_feed", kwargs={"workspace": place.slug, "tag": "nothing",
                                                                       "format": "rss"}))
    feed = _parsed(empty)
    assert not feed.entries
    assert calendar.timegm(feed.feed.updated_parsed) == int(place.created_at.timestamp())


@pytest.mark.parametrize("news", ["public"], indirect=True)
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_conditional_get_gzip_head_and_post(news, as_user, fmt):
    place, blog, _gone, _posts = news
    url = reverse("blogs:blog_public_feed", kwargs={"workspace": place.slug, "blog": blog.slug, "format": fmt})
    client = as_user(None)
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 304
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("news", ["public"], indirect=True)
def test_entries_have_stable_ids_absolute_links_authors_and_tags(news, as_user):
    place, blog, _gone, posts = news
    url = reverse("blogs:blog_public_feed", kwargs={"workspace": place.slug, "blog": blog.slug, "format": "atom"})
    entry = _parsed(as_user(None).get(url)).entries[0]
    assert entry.id == f"tag:testserver,2026:blogs.post:{posts['Visible'].pk}"
    assert entry.link.startswith("http://testserver/w/")
    assert entry.author == "Maya Manager"
    assert [tag.term for tag in entry.tags] == ["rivers"]
    rss = _parsed(as_user(None).get(url.replace("/atom/", "/rss/"))).entries[0]
    assert rss.id == entry.id


@pytest.mark.parametrize("news", ["public"], indirect=True)
def test_a_blog_feed_takes_a_bounded_number_of_queries(news, as_user, manager, django_assert_max_num_queries):
    place, blog, _gone, _posts = news
    url = reverse("blogs:blog_public_feed", kwargs={"workspace": place.slug, "blog": blog.slug, "format": "rss"})
    ws_url = reverse("workspace_public_feed", kwargs={"workspace": place.slug, "format": "rss"})
    client = as_user(None)
    client.get(url)
    with django_assert_max_num_queries(6):
        client.get(url)
    with django_assert_max_num_queries(10):
        client.get(ws_url)
    for number in range(15):
        make_post(blog, manager, title=f"More {number}", tags=["rivers", f"t{number}"])
    with django_assert_max_num_queries(6):
        assert len(_parsed(client.get(url)).entries) == 16
    with django_assert_max_num_queries(10):
        assert len(_parsed(client.get(ws_url)).entries) == 16
