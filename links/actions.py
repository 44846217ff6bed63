"""What a link's page offers to the person looking (workspaces.kit.actions): opening the page it
points to first, "Edit link" beside it, deleting under "More actions"."""

from django.urls import reverse

from workspaces.kit.actions import Action, ItemActions
from workspaces.permissions import can


def link_actions(user, link):
    key = (link.workspace.slug, link.pk)
    may_edit = can(user, "links.change_link", link)
    may_delete = can(user, "links.delete_link", link)
    opening = Action(f"Open the page on {link.domain or 'the web'}", link.href, external=True) if link.href else None
    return ItemActions(
        primary=opening,
        secondary=[Action("Edit link", reverse("links:edit", args=key), hidden=link.title) if may_edit else None],
        more=[
            Action("Delete", reverse("links:delete", args=key), danger=True, hidden=link.title) if may_delete else None,
        ],
    )
