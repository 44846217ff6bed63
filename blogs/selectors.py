"""Reading blogs and posts. Every list goes through visible(); feeds, the latest-news embed and
the home's block read published_posts(), the one query of what is public to a reader."""

from django.db.models import Prefetch

from workspaces.kit.selectors import get_item, number_or_404
from workspaces.permissions import visible

from .models import Blog, Post, PostTag
from .policies import public_q


def visible_blogs(user, workspace):
    return visible(user, Blog.objects.filter(workspace=workspace, is_deleted=False), within=workspace)


def get_blog(user, workspace, slug, perm="blogs.view_blog", deleted="hide"):
    """The blog at `slug` in this workspace if the user holds `perm` on it; else 404/403."""
    return get_item(user, Blog.objects.filter(workspace=workspace, slug=slug), perm, deleted=deleted,
                    workspace=workspace)


def get_post(user, workspace, blog, pk, perm="blogs.view_post", deleted="hide"):
    """The post `pk` of this blog if the user holds `perm` on it; else 404/403 (another blog's
    post is not found here)."""
    posts = Post.objects.select_related("blog", "created_by", "published_by").prefetch_related("tags")
    return get_item(user, posts.filter(workspace=workspace, blog=blog, pk=number_or_404(pk)), perm,
                    deleted=deleted, workspace=workspace)


def visible_posts(user, workspace):
    """Every post the user may see here, drafts included for whoever may see them (their own;
    managers all), newest first."""
    return visible(user, Post.objects.filter(workspace=workspace, is_deleted=False, blog__is_deleted=False),
                   within=workspace).select_related("blog", "created_by")


def published_posts(reader, workspace, *, blog=None, tag=None, author=None, now=None):
    """The posts that are public to `reader` (anonymous for a public page or feed; a feed
    token's owner): published, their moment come, not hidden, in a blog they see, admitted by
    the post's own access; never a draft or scheduled post, even to its author or a manager.
    Newest first (published_at, id: the index's order)."""
    posts = Post.objects.filter(workspace=workspace, is_deleted=False, blog__is_deleted=False).filter(public_q(now))
    if blog is not None:
        posts = posts.filter(blog=blog)
    if tag:
        posts = posts.filter(pk__in=PostTag.objects.filter(workspace=workspace, name=tag).values("post_id"))
    if author is not None:
        posts = posts.filter(created_by=author)
    return (visible(reader, posts, within=workspace).select_related("blog", "created_by")
            .prefetch_related(Prefetch("tags", queryset=PostTag.objects.order_by("name")))
            .order_by("-published_at", "-id"))
