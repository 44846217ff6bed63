"""A blog's, a tag's and an author's feeds (RSS 2.0, Atom): selectors.published_posts() only, as
their reader may see them — anyone (public feeds of a public workspace) or the owner of the
news-feed key in the URL (kit.feeds.WORKSPACE_FEEDS). Answered by kit.feeds.feed_response (ETag,
Last-Modified from the visible posts, 304, gzip)."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import reverse

from workspaces.kit.feeds import FEED_LIMIT, WORKSPACE_FEEDS, feed_response, private_feed_view, public_feed_view
from workspaces.lib.tags import normalise_tag

from .feeds import entry
from .selectors import published_posts, visible_blogs

SHOWS = "This feed shows only what its reader may see: published posts, never drafts or scheduled ones."


def _answer(request, format, *, title, link, posts, since):
    workspace = request.feed.workspace
    return feed_response(request, format, title=f"{title} – {workspace.name}", link=link,
                         description=f"{title}, from {workspace.name} on Engage. {SHOWS}",
                         entries=[entry(post, workspace) for post in posts[:FEED_LIMIT]], since=since)


def _blog(request, format, blog):
    reader, workspace = request.feed.owner, request.feed.workspace
    found = visible_blogs(reader, workspace).filter(slug=blog).first()
    if found is None:
        raise Http404("No such blog.")
    return _answer(request, format, title=found.title,
                   link=reverse("blogs:blog", kwargs={"workspace": workspace.slug, "blog": found.slug}),
                   posts=published_posts(reader, workspace, blog=found), since=found.created_at)


def _tag(request, format, tag):
    reader, workspace = request.feed.owner, request.feed.workspace
    tag = normalise_tag(tag)
    return _answer(request, format, title=f"Posts tagged “{tag}”",
                   link=reverse("blogs:index", kwargs={"workspace": workspace.slug}),
                   posts=published_posts(reader, workspace, tag=tag), since=workspace.created_at)


def _author(request, format, author):
    """An author's posts; not found unless the reader sees at least one (no name is given away)."""
    reader, workspace = request.feed.owner, request.feed.workspace
    person = get_user_model().objects.filter(pk=author).first()
    posts = published_posts(reader, workspace, author=person) if person else None
    if person is None or not posts.exists():
        raise Http404("No such author.")
    return _answer(request, format, title=f"Posts by {person.name}",
                   link=reverse("blogs:index", kwargs={"workspace": workspace.slug}),
                   posts=posts, since=workspace.created_at)


@public_feed_view
def blog_public_feed(request, format, blog):
    return _blog(request, format, blog)


@public_feed_view
def tag_public_feed(request, format, tag):
    return _tag(request, format, tag)


@public_feed_view
def author_public_feed(request, format, author):
    return _author(request, format, author)


@private_feed_view(WORKSPACE_FEEDS)
def blog_feed(request, format, blog):
    return _blog(request, format, blog)


@private_feed_view(WORKSPACE_FEEDS)
def tag_feed(request, format, tag):
    return _tag(request, format, tag)


@private_feed_view(WORKSPACE_FEEDS)
def author_feed(request, format, author):
    return _author(request, format, author)
