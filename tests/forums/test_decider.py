"""PostPolicy.decider (permissions.decider) answers for a page of posts exactly what decide()
answers for each post: every persona, every post action, threads in every state."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forums import services
from forums.models import Board, Post, Premoderation, Thread
from workspaces.kit.moderation import ModerationStatus
from workspaces.models import Access
from workspaces.permissions import access, decide, decider, visible

from ..builders import make_team
from .builders import fresh, make_board, make_replies, make_thread

PERMS = [f"forums.{action}_post" for action in ("view", "change", "delete", "history", "report", "moderate")]


def _page(thread):
    thread = Thread.objects.select_related("board").get(pk=thread.pk)
    posts = list(Post.objects.filter(thread=thread).select_related("author").order_by("number"))
    for post in posts:
        post.thread = thread
    return thread, posts


@pytest.mark.parametrize("state", ["open", "locked", "deleted", "teams"])
def test_the_decider_agrees_with_decide(personas, workspace, manager, state):
    contributor = personas["contributor"]
    team = make_team(workspace, "Insiders", members=[contributor])
    extra = {"view_access": Access.TEAMS, "view_teams": [team]} if state == "teams" else {}
    board = make_board(workspace, manager, **extra)
    thread = make_thread(board, contributor)
    make_replies(thread, [manager, contributor], 3)
    Board.objects.filter(pk=board.pk).update(premoderation=Premoderation.EVERYONE)
    services.reply(actor=contributor, thread=fresh(thread), text="Waiting.")  # pending
    post = Post.objects.get(thread=thread, number=2)
    services.post_remove(actor=post.author, post=post)
    Post.objects.filter(thread=thread, number=3).update(status=ModerationStatus.HIDDEN)
    if state == "locked":
        Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    elif state == "deleted":
        Thread.objects.filter(pk=thread.pk).update(is_deleted=True)
    for name, user in personas.items():
        user = user or AnonymousUser()
        access.forget(user)
        page_thread, posts = _page(thread)
        decide_on_page = decider(user, Post, page_thread)
        for post in posts:
            for perm in PERMS:
                on_page, alone = decide_on_page(perm, post), decide(user, perm, post)
                assert (on_page.allowed, on_page.reason) == (alone.allowed, alone.reason), (name, post.number, perm)


@pytest.mark.parametrize("state", ["open", "deleted", "teams", "board deleted"])
def test_the_posts_visible_within_a_thread_are_those_decide_shows(personas, workspace, manager, state):
    contributor = personas["contributor"]
    team = make_team(workspace, "Insiders", members=[contributor])
    extra = {"view_access": Access.TEAMS, "view_teams": [team]} if state == "teams" else {}
    board = make_board(workspace, manager, **extra)
    thread = make_thread(board, contributor)
    make_replies(thread, [manager, contributor], 2)
    Board.objects.filter(pk=board.pk).update(premoderation=Premoderation.EVERYONE)
    services.reply(actor=contributor, thread=fresh(thread), text="Waiting.")  # pending
    if state == "deleted":
        Thread.objects.filter(pk=thread.pk).update(is_deleted=True)
    elif state == "board deleted":
        Board.objects.filter(pk=board.pk).update(is_deleted=True)
    for name, user in personas.items():
        user = user or AnonymousUser()
        access.forget(user)
        page_thread, posts = _page(thread)
        page_thread.workspace = page_thread.board.workspace = workspace
        under = set(visible(user, Post.objects.all(), within=page_thread).values_list("number", flat=True))
        in_workspace = set(visible(user, Post.objects.filter(thread=thread), within=workspace)
                           .values_list("number", flat=True))
        decided = {post.number for post in posts if decide(user, "forums.view_post", post).allowed}
        assert under == in_workspace == decided, name


@pytest.mark.parametrize("state", ["open", "teams"])
def test_the_threads_visible_within_a_board_are_those_visible_in_the_workspace(personas, workspace, manager, state):
    contributor = personas["contributor"]
    team = make_team(workspace, "Insiders", members=[contributor])
    extra = {"view_access": Access.TEAMS, "view_teams": [team]} if state == "teams" else {}
    board = make_board(workspace, manager, **extra)
    make_thread(board, contributor, title="Open")
    Thread.objects.filter(pk=make_thread(board, contributor, title="Gone").pk).update(is_deleted=True)
    Board.objects.filter(pk=board.pk).update(premoderation=Premoderation.EVERYONE)
    make_thread(fresh(board), contributor, title="Waiting")
    for name, user in personas.items():
        user = user or AnonymousUser()
        access.forget(user)
        page_board = fresh(board)
        page_board.workspace = workspace
        under = set(visible(user, Thread.objects.all(), within=page_board).values_list("title", flat=True))
        in_workspace = set(visible(user, Thread.objects.filter(board=board), within=workspace)
                           .values_list("title", flat=True))
        assert under == in_workspace, name
