"""What a wiki page's page offers to the person looking (workspaces.kit.actions): "Edit page"
first, "Add a subpage" beside it, and history, moving and deleting under "More actions"."""

from django.urls import reverse

from workspaces.kit.actions import Action, ItemActions
from workspaces.permissions import can


def page_actions(user, page):
    slug, key = page.workspace.slug, (page.workspace.slug, page.slug)
    may_edit = can(user, "wikis.change_page", page)
    may_delete = can(user, "wikis.delete_page", page)
    return ItemActions(
        primary=Action("Edit page", reverse("wikis:edit", args=key), hidden=page.title) if may_edit else None,
        secondary=[
            Action("Add a subpage", f"{reverse('wikis:create', args=[slug])}?parent={page.slug}") if may_edit else None,
        ],
        more=[
            Action("History", reverse("wikis:history", args=key), hidden=f"of {page.title}"),
            Action("Move or rename", reverse("wikis:move", args=key)) if may_edit else None,
            Action("Delete", reverse("wikis:delete", args=key), danger=True, hidden=page.title) if may_delete else None,
        ],
    )
