"""What the forum's pages offer to the person looking (workspaces.kit.actions), each decided by
the policies through can(). A post's actions carry its number in their labels ("Reply to post
5", "Edit post 5"), so a list of them read out of context still says which post each is for."""

from dataclasses import dataclass

from django.urls import reverse

from workspaces.kit import moderation
from workspaces.kit.actions import Action, ItemActions
from workspaces.permissions import can


def board_actions(user, board):
    key = {"workspace": board.workspace.slug, "pk": board.pk}
    return ItemActions(
        primary=Action("Start a thread", reverse("forums:thread_create", kwargs=key))
        if can(user, "forums.post_board", board) else None,
        more=[
            Action("Edit board", reverse("forums:board_edit", kwargs=key), hidden=board.name)
            if can(user, "forums.change_board", board) else None,
            Action("Delete board", reverse("forums:board_delete", kwargs=key), danger=True, hidden=board.name)
            if can(user, "forums.delete_board", board) else None,
        ],
    )


def thread_actions(user, thread):
    """The thread's own actions; the moderators' tools (forums.thread_tools_views) in the menu."""
    key = {"workspace": thread.workspace.slug, "pk": thread.pk}
    moderator = can(user, "forums.moderate_thread", thread)
    return ItemActions(
        primary=Action("Reply to this thread", "#reply") if can(user, "forums.reply_thread", thread) else None,
        secondary=[Action("Moderate thread", reverse("forums:thread_moderate", kwargs=key))] if moderator else [],
        more=[
            Action("Move thread", reverse("forums:thread_move", kwargs=key)) if moderator else None,
            Action("Split thread", reverse("forums:thread_split", kwargs=key)) if moderator else None,
            Action("Delete thread", reverse("forums:thread_delete", kwargs=key), danger=True, hidden=thread.title)
            if can(user, "forums.delete_thread", thread) else None,
        ],
    )


@dataclass(frozen=True)
class PostLink:
    label: str
    url: str
    danger: bool = False
    quote: dict | None = None  # for "Quote post N": what forums.js needs to quote the words selected


def post_actions(request, user, post, pages):
    """The links under one post: reply, quote, edit, history, report, remove."""
    n = post.number
    thread = post.thread
    key = {"workspace": request.workspace.slug, "pk": thread.pk, "number": n}
    links = []
    may_reply = getattr(thread, "_may_reply", None)
    if may_reply is None:
        may_reply = thread._may_reply = can(user, "forums.reply_thread", thread)
    if may_reply and post.is_published:
        links.append(PostLink(f"Reply to post {n}", f"{pages.url(pages.number)}{_join(pages)}reply_to={n}#reply"))
        quote = {"number": n, "author": post.author.name if post.author else "Someone",
                 "url": reverse("forums:post", kwargs=key)}
        links.append(PostLink(f"Quote post {n}", f"{pages.url(pages.number)}{_join(pages)}quote={n}#reply",
                              quote=quote))
    if not post.is_removed and can(user, "forums.change_post", post):
        links.append(PostLink(f"Edit post {n}", reverse("forums:post_edit", kwargs=key)))
    if post.is_edited and can(user, "forums.history_post", post):
        links.append(PostLink(f"History of post {n}", reverse("forums:post_history", kwargs=key)))
    if post.is_published and can(user, "forums.report_post", post):
        url = _report_url(post)
        if url:
            links.append(PostLink(f"Report post {n}", url))
    if not post.is_removed and can(user, "forums.delete_post", post):
        links.append(PostLink(f"Remove post {n}", reverse("forums:post_remove", kwargs=key), danger=True))
    return links


def _join(pages):
    return "&" if "?" in pages.url(pages.number) else "?"


def _report_url(post):
    try:
        return moderation.report_url(post)
    except LookupError:  # no moderation app installed: nothing to report to
        return None
