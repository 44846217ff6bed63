"""The forums' block on the workspace home (Tool(latest=...)): the boards with the latest posts
this person may see, each with its latest thread, in one query. (The home lists items, and a
board is the forums' item; its latest thread is named in the note.)"""

from django.urls import reverse

from . import selectors


def latest(user, workspace, limit):
    from workspaces.registry import HomeEntry

    boards = selectors.boards(user, workspace).filter(last_post_at__isnull=False).order_by("-last_post_at", "-id")
    return [
        HomeEntry(
            title=board.name,
            url=reverse("forums:board", kwargs={"workspace": workspace.slug, "pk": board.pk}),
            note=f"latest: {board.last_thread.title}" if board.last_thread else "",
            when=board.last_post_at,
        )
        for board in boards[:limit]
    ]
