"""Builders for forum tests: boards, threads and replies made through the services, as the
pages make them."""

import itertools

from django.urls import reverse

from forums import services
from forums.models import Board, Thread

_n = itertools.count(1)


def make_board(workspace, author, name=None, **extra):
    return services.board_create(actor=author, workspace=workspace, name=name or f"Board {next(_n)}", **extra)


def make_thread(board, author, title=None, text="The first post.", **extra):
    return services.thread_create(actor=author, board=board, title=title or f"Thread {next(_n)}", text=text, **extra)


def make_replies(thread, authors, count, text="Reply {n}."):
    posts = []
    for n in range(count):
        author = authors[n % len(authors)]
        posts.append(services.reply(actor=author, thread=thread, text=text.format(n=n + 1)))
    return posts


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def url(name, workspace, **kwargs):
    return reverse(f"forums:{name}", kwargs={"workspace": workspace.slug, **kwargs})


def thread_url(thread, **query):
    base = reverse("forums:thread", kwargs={"workspace": thread.workspace.slug, "pk": thread.pk})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


__all__ = ["Board", "Thread", "fresh", "make_board", "make_replies", "make_thread", "thread_url", "url"]
