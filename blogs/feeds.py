"""The blogs' part of the workspace's news feed (Tool.feed_entries) and their own feeds for the
Feeds page (Tool.feed_links): each blog's and each tag's, public or by the reader's key. What is
in any of them is selectors.published_posts() (the feeds are in views_feeds.py)."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from workspaces.kit.feeds import FeedEntry, feed_link

from .models import PostTag
from .selectors import published_posts, visible_blogs

MAX_TAG_FEEDS = 20  # the Feeds page lists the most used tags' feeds


def entry(post, workspace=None):
    """The post as a feed entry (`workspace`: the post's, when the caller has it: no query)."""
    slug = (workspace or post.workspace).slug
    return FeedEntry(
        key=f"blogs.post:{post.pk}",
        title=post.title,
        url=reverse("blogs:post", kwargs={"workspace": slug, "blog": post.blog.slug, "pk": post.pk}),
        published=post.published_at,
        updated=max(post.published_at, post.updated_at) if getattr(post, "updated_at", None) else post.published_at,
        html=post.html,
        author=post.created_by.name if post.created_by else "",
        categories=tuple(post.tag_names),
    )


def feed_entries(reader, workspace, limit):
    return [entry(post, workspace) for post in published_posts(reader, workspace)[:limit]]


def feed_links(request, workspace):
    """Each blog's feed, then the most used tags': the public addresses (what anyone sees) or, on
    the page that just made the reader's key (request.feed_secret), their private ones."""
    private = bool(getattr(request, "feed_secret", None))
    reader = request.user if private or not workspace.is_public else AnonymousUser()
    links = [feed_link(request, f"{blog.title} (blog)", "blogs:blog_public_feed", "blogs:blog_feed",
                       description=blog.description, workspace=workspace.slug, blog=blog.slug)
             for blog in visible_blogs(reader, workspace)]
    posts = published_posts(reader, workspace).values("pk")
    tags = (PostTag.objects.filter(workspace=workspace, post__in=posts).values_list("name", flat=True)
            .distinct().order_by("name")[:MAX_TAG_FEEDS])
    links += [feed_link(request, f"Posts tagged “{tag}”", "blogs:tag_public_feed", "blogs:tag_feed",
                        workspace=workspace.slug, tag=tag) for tag in tags]
    return links
