"""The forums' block on the workspace home (Tool(latest=...)): the threads with the latest
posts this person may see, in one query."""

from django.urls import reverse

from workspaces.registry import HomeEntry

from . import selectors


def latest(user, workspace, limit):
    return [
        HomeEntry(
            title=thread.title,
            url=reverse("forums:thread", kwargs={"workspace": workspace.slug, "pk": thread.pk}),
            note=" · ".join(part for part in (
                f"in {thread.board.name}",
                f"last post by {thread.last_post_author.name}" if thread.last_post_author else "",
            ) if part),
            when=thread.last_post_at,
        )
        for thread in selectors.latest_threads(user, workspace, limit)
    ]
