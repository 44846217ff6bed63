"""What a blog's and a post's pages offer the person looking (workspaces.kit.actions). The
writing part fills these in (New post, Edit, Publish, Unpublish, Delete...); the reading part's
pages only show them."""

from django.urls import reverse
from django.utils import timezone

from workspaces.kit.actions import Action, ItemActions
from workspaces.permissions import can

from .models import PostState


def index_actions(user, workspace):
    """The blogs' list: "New blog", "Deleted blogs and posts" (for whoever may)."""
    if not can(user, "blogs.create_blog", workspace):
        return ItemActions()
    return ItemActions(
        primary=Action("New blog", reverse("blogs:create", args=[workspace.slug])),
        more=[Action("Deleted blogs and posts", reverse("blogs:deleted", args=[workspace.slug]))],
    )


def blog_actions(user, blog):
    """A blog's page: "New post", "Drafts and scheduled", "Blog settings", "Delete"."""
    key = {"workspace": blog.workspace.slug, "blog": blog.slug}
    writes = can(user, "blogs.write_blog", blog)
    return ItemActions(
        primary=Action("New post", reverse("blogs:post_create", kwargs=key)) if writes else None,
        secondary=[Action("Drafts and scheduled", reverse("blogs:drafts", kwargs=key)) if writes else None,
                   Action("Blog settings", reverse("blogs:blog_edit", kwargs=key))
                   if can(user, "blogs.change_blog", blog) else None],
        more=[Action("Delete the blog", reverse("blogs:blog_delete", kwargs=key), danger=True, hidden=blog.title)
              if can(user, "blogs.delete_blog", blog) else None],
    )


def post_actions(user, post):
    """A post's page: "Edit", "Publish" (or "Reschedule"), "Unpublish" (or "Back to draft"),
    "Delete"."""
    key = {"workspace": post.workspace.slug, "blog": post.blog.slug, "pk": post.pk}
    now = timezone.now()
    publishes = can(user, "blogs.publish_post", post)
    public, scheduled = post.is_public(now), post.is_scheduled(now)
    publish = unpublish = None
    if publishes and not public:
        publish = Action("Reschedule" if scheduled else "Publish", reverse("blogs:post_publish", kwargs=key),
                         hidden=post.title)
    if publishes and scheduled:
        unpublish = Action("Back to draft", reverse("blogs:post_unpublish", kwargs=key), hidden=post.title)
    elif publishes and post.state == PostState.PUBLISHED and not scheduled:
        unpublish = Action("Unpublish", reverse("blogs:post_unpublish", kwargs=key), hidden=post.title)
    edit = Action("Edit", reverse("blogs:post_edit", kwargs=key), hidden=post.title) \
        if can(user, "blogs.change_post", post) else None
    primary = publish or edit
    return ItemActions(
        primary=primary,
        secondary=[edit if primary is not edit else None, unpublish],
        more=[Action("Delete", reverse("blogs:post_delete", kwargs=key), danger=True, hidden=post.title)
              if can(user, "blogs.delete_post", post) else None],
    )
