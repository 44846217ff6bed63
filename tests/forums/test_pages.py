"""Thread pages by position, links to posts, the board's keyset pages, and the query counts of
the list and thread pages, equal at two data sizes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums import services
from forums.models import Post, Thread
from workspaces.models import Access

from ..builders import make_team
from .builders import make_board, make_replies, make_thread, thread_url, url

# session, user, workspace and membership, the item(s), page rows, read markers, watermark, follow
# state (the bell's and the moderators' counts are cached): a fixed number whatever the data.
MAX_PAGE_QUERIES = 10


def _bulk_replies(thread, author, count):
    """Replies made fast (the numbering and counters as the service keeps them)."""
    current = Thread.objects.get(pk=thread.pk)
    start = current.next_number
    Post.objects.bulk_create([Post(workspace=thread.workspace, thread=thread, number=start + n, author=author,
                                   body=f"Reply {start + n}.", body_html=f"<p>Reply {start + n}.</p>")
                              for n in range(count)])
    last = start + count - 1
    Thread.objects.filter(pk=thread.pk).update(next_number=last + 1, last_post_number=last,
                                               post_count=current.post_count + count, last_post_author=author)


def _numbers(response):
    return [int(n) for n in re.findall(r'id="post-(\d+)"', response.content.decode())]


def test_a_thread_pages_by_position(as_user, thread, manager):
    _bulk_replies(thread, manager, 59)  # posts 1..60
    client = as_user(manager)
    assert _numbers(client.get(thread_url(thread))) == list(range(1, 26))
    assert _numbers(client.get(thread_url(thread, page=2))) == list(range(26, 51))
    assert _numbers(client.get(thread_url(thread, page="last"))) == list(range(51, 61))
    assert _numbers(client.get(thread_url(thread, page="abc"))) == list(range(1, 26))  # no 500 for nonsense
    assert _numbers(client.get(thread_url(thread, page=999))) == list(range(51, 61))


@pytest.mark.parametrize("number, page", [(1, ""), (25, ""), (26, "?page=2"), (60, "?page=3")])
def test_a_link_to_a_post_lands_on_its_page(as_user, thread, manager, number, page):
    _bulk_replies(thread, manager, 59)
    response = as_user(manager).get(url("post", thread.workspace, pk=thread.pk, number=number))
    assert response.status_code == 302
    assert response["Location"] == f"/w/{thread.workspace.slug}/forums/t/{thread.pk}/{page}#post-{number}"
    assert as_user(manager).get(url("post", thread.workspace, pk=thread.pk, number=61)).status_code == 404


def _queries(client, address):
    """The queries of a page as a person sees it again (the header's cached counts warm, their
    read marker already moved by the first visit)."""
    client.get(address)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200, address
    assert len(ctx.captured_queries) <= MAX_PAGE_QUERIES, address
    return len(ctx.captured_queries)


def test_the_last_page_of_a_long_thread_costs_what_the_first_does(as_user, thread, manager, reader):
    _bulk_replies(thread, manager, 200)
    client = as_user(reader)
    client.get(thread_url(thread, page="last"))  # the reader's marker exists from here on
    first = _queries(client, thread_url(thread))
    last = _queries(client, thread_url(thread, page="last"))
    middle = _queries(client, thread_url(thread, page=4))
    assert first == last == middle


@pytest.mark.parametrize("persona", ["reader", "contributor", "manager"])
def test_thread_page_queries_do_not_grow_with_the_thread(as_user, personas, workspace, manager, persona):
    team = make_team(workspace, "Task force", members=[personas["contributor"]])
    board = make_board(workspace, manager, name="Team board", view_access=Access.TEAMS, view_teams=[team])
    thread = make_thread(board, personas["contributor"], title="Plans")
    make_replies(thread, [manager, personas["contributor"]], 3)
    client = as_user(personas[persona])
    if persona == "reader":  # not in the team: the thread is not found
        assert client.get(thread_url(thread)).status_code == 404
        return
    client.get(thread_url(thread))
    make_replies(thread, [manager], 1)
    small = _queries(client, thread_url(thread))
    _bulk_replies(thread, manager, 100)
    make_replies(thread, [manager], 1)
    large = _queries(client, thread_url(thread, page="last"))
    assert small == large


@pytest.mark.parametrize("persona", ["reader", "contributor", "manager"])
@pytest.mark.parametrize("show", ["", "unanswered", "mine", "followed"])
def test_board_page_queries_do_not_grow_with_the_board(as_user, personas, workspace, manager, persona, show):
    board = make_board(workspace, manager, name="Busy")
    client = as_user(personas[persona])
    address = url("board", workspace, pk=board.pk) + (f"?show={show}" if show else "")

    def add(count, start):
        for n in range(start, start + count):
            thread = make_thread(board, [manager, personas["contributor"]][n % 2], title=f"Thread {n}")
            if n % 3:
                make_replies(thread, [manager], 1)
            if n % 4 == 0:
                client.get(thread_url(thread))  # some read

    add(3, 0)
    small = _queries(client, address)
    add(30, 3)
    large = _queries(client, address)
    assert small == large
    # The second page by its cursor costs the same again.
    page = client.get(address).context["page_obj"]
    if page.has_next:
        assert _queries(client, address + ("&" if show else "?") + page.next_query.lstrip("?")) == large


@pytest.mark.parametrize("persona", ["reader", "manager"])
def test_new_for_me_and_the_index_do_not_grow_with_the_forums(as_user, personas, workspace, manager, persona):
    client = as_user(personas[persona])
    boards = [make_board(workspace, manager, name=f"Board {n}") for n in range(2)]

    def add(count, start):
        for n in range(start, start + count):
            thread = make_thread(boards[n % 2], manager, title=f"Thread {n}")
            make_replies(thread, [personas["contributor"]], 1)
            if n % 3 == 0:
                client.get(thread_url(thread))

    add(3, 0)
    small = (_queries(client, url("new_for_me", workspace)), _queries(client, url("index", workspace)))
    boards.append(make_board(workspace, manager, name="Board 3"))
    add(30, 3)
    large = (_queries(client, url("new_for_me", workspace)), _queries(client, url("index", workspace)))
    assert small == large


def test_the_board_lists_pinned_threads_first_then_the_latest(as_user, board, manager):
    old = make_thread(board, manager, title="Old pinned")
    Thread.objects.filter(pk=old.pk).update(is_pinned=True)
    quiet = make_thread(board, manager, title="Quiet")
    busy = make_thread(board, manager, title="Busy")
    services.reply(actor=manager, thread=quiet, text="Bump.")
    page = as_user(manager).get(url("board", board.workspace, pk=board.pk)).content.decode()
    assert page.index("Old pinned") < page.index("Quiet") < page.index(busy.title)


def test_the_filters_narrow_the_board(as_user, board, manager, contributor):
    answered = make_thread(board, manager, title="Answered one")
    services.reply(actor=contributor, thread=answered, text="Here.")
    mine = make_thread(board, contributor, title="Contributor's own")
    client = as_user(contributor)
    base = url("board", board.workspace, pk=board.pk)
    unanswered = client.get(base + "?show=unanswered").content.decode()
    assert mine.title.replace("'", "&#x27;") in unanswered and "Answered one" not in unanswered
    assert "Answered one" not in client.get(base + "?show=mine").content.decode()
    followed = client.get(base + "?show=followed").content.decode()  # replying followed it; starting too
    assert "Answered one" in followed
