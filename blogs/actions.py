"""What a blog's and a post's pages offer the person looking (workspaces.kit.actions). The
writing part fills these in (New post, Edit, Publish, Unpublish, Delete...); the reading part's
pages only show them."""

from workspaces.kit.actions import ItemActions


def index_actions(user, workspace):
    """The blogs' list: "New blog", "Social links" (for whoever may)."""
    return ItemActions()


def blog_actions(user, blog):
    """A blog's page: "New post", "Blog settings", "Drafts and scheduled"..."""
    return ItemActions()


def post_actions(user, post):
    """A post's page: "Edit", "Publish"/"Unpublish", "Delete"..."""
    return ItemActions()
