"""What a poll's page offers to the person looking (workspaces.kit.actions): editing first for
whoever runs it; publishing, closing now, who took part, the vote times; deleting in "More actions"."""

from django.urls import reverse

from workspaces.kit.actions import Action, ItemActions
from workspaces.permissions import can


def poll_actions(user, poll, *, now=None):
    key = {"workspace": poll.workspace.slug, "pk": poll.pk}

    def url(name):
        return reverse(f"polls:{name}", kwargs=key)

    runs = can(user, "polls.change_poll", poll)
    draft = not poll.is_live
    return ItemActions(
        primary=Action("Publish the poll", url("publish")) if runs and draft else (
            Action("Edit poll", url("edit"), hidden=poll.question) if runs else None),
        secondary=[
            Action("Edit poll", url("edit"), hidden=poll.question) if runs and draft else None,
            Action("Close now", url("close")) if runs and poll.is_live and poll.is_open(now) else None,
            Action("Who took part", url("participants")) if can(user, "polls.participants_poll", poll) else None,
            Action("Who chose what", url("choices")) if runs and not poll.anonymous and poll.is_live else None,
        ],
        more=[
            Action("Download vote times (CSV)", url("export"), download=True)
            if poll.is_live and can(user, "polls.export_poll", poll) else None,
            Action("Delete", url("delete"), danger=True, hidden=poll.question)
            if can(user, "polls.delete_poll", poll) else None,
        ],
    )
