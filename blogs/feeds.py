"""The blogs' part of the workspace's news feed (Tool.feed_entries) and their own feeds for the
Feeds page (Tool.feed_links). The feeds part fills in feed_links and the blog, tag and author
feeds (views_feeds.py); what is in any of them is selectors.published_posts()."""

from django.urls import reverse

from workspaces.kit.feeds import FeedEntry

from .selectors import published_posts


def entry(post):
    return FeedEntry(
        key=f"blogs.post:{post.pk}",
        title=post.title,
        url=reverse("blogs:post", kwargs={"workspace": post.workspace.slug, "blog": post.blog.slug, "pk": post.pk}),
        published=post.published_at,
        updated=max(post.published_at, post.updated_at) if getattr(post, "updated_at", None) else post.published_at,
        html=post.html,
        author=post.created_by.name if post.created_by else "",
        categories=tuple(post.tag_names),
    )


def feed_entries(reader, workspace, limit):
    return [entry(post) for post in published_posts(reader, workspace)[:limit]]


def feed_links(request, workspace):
    return []
