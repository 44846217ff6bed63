"""The workspace home's "News" block: the newest public posts this person may see."""

from workspaces.registry import HomeEntry

from .selectors import published_posts


def latest(user, workspace, limit):
    posts = published_posts(user, workspace).prefetch_related(None).defer("text", "html")[:limit]
    return [HomeEntry(title=post.title, url=post.get_absolute_url(), note=post.blog.title, when=post.published_at)
            for post in posts]
