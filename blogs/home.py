"""The workspace home's "News" block: the newest public posts this person may see."""

from workspaces.lib.reversing import url_maker
from workspaces.registry import HomeEntry

from .selectors import published_posts


def latest(user, workspace, limit):
    posts = published_posts(user, workspace).prefetch_related(None).defer("text", "html")[:limit]
    post_url = url_maker("blogs:post", ["blog", "pk"], workspace=workspace.slug)  # one reverse, not one a row
    return [HomeEntry(title=post.title, url=post_url(blog=post.blog.slug, pk=post.pk), note=post.blog.title,
                      when=post.published_at)
            for post in posts]
