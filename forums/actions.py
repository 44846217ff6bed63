"""What the forum's pages offer to the person looking (workspaces.kit.actions), each decided by
the policies through can(). A post's actions carry its number in their labels ("Reply to post
5", "Edit post 5"), so a list of them read out of context still says which post each is for."""

from dataclasses import dataclass

from django.urls import reverse

from workspaces.kit import moderation
from workspaces.kit.actions import Action, ItemActions
from workspaces.lib.reversing import url_maker
from workspaces.permissions import can, decider

from .models import Post


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
            Action("Rename thread", reverse("forums:thread_rename", kwargs=key), hidden=thread.title)
            if can(user, "forums.change_thread", thread) else None,
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


class PostActions:
    """The links under each post of one page: reply, quote, edit, history, report, remove. What
    depends only on the thread and the person is decided once for the page (the policies'
    decider), and the addresses are reversed once (url_maker), not once per post."""

    def __init__(self, request, user, thread, pages):
        self.decide = decider(user, Post, thread)
        self.may_reply = can(user, "forums.reply_thread", thread)
        page_url = pages.url(pages.number)
        self.here = f"{page_url}{'&' if '?' in page_url else '?'}"
        fixed = {"workspace": request.workspace.slug, "pk": thread.pk}
        self.post_url = url_maker("forums:post", ["number"], **fixed)
        self.edit_url = url_maker("forums:post_edit", ["number"], **fixed)
        self.history_url = url_maker("forums:post_history", ["number"], **fixed)
        self.remove_url = url_maker("forums:post_remove", ["number"], **fixed)
        try:
            self.report_url = moderation.report_url_maker(Post, request.workspace)
        except LookupError:  # no moderation app installed: nothing to report to
            self.report_url = None

    def allowed(self, perm, post):
        return self.decide(perm, post).allowed

    def __call__(self, post):
        n = post.number
        links = []
        if self.may_reply and post.is_published:
            links.append(PostLink(f"Reply to post {n}", f"{self.here}reply_to={n}#reply"))
            quote = {"number": n, "author": post.author.name if post.author else "Someone",
                     "url": self.post_url(number=n)}
            links.append(PostLink(f"Quote post {n}", f"{self.here}quote={n}#reply", quote=quote))
        if not post.is_removed and self.allowed("forums.change_post", post):
            links.append(PostLink(f"Edit post {n}", self.edit_url(number=n)))
        if post.is_edited and self.allowed("forums.history_post", post):
            links.append(PostLink(f"History of post {n}", self.history_url(number=n)))
        if post.is_published and self.report_url is not None and self.allowed("forums.report_post", post):
            links.append(PostLink(f"Report post {n}", self.report_url(post)))
        if not post.is_removed and self.allowed("forums.delete_post", post):
            links.append(PostLink(f"Remove post {n}", self.remove_url(number=n), danger=True))
        return links
