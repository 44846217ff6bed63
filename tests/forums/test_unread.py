"""Unread tracking: one marker per person and thread, written when they read; one watermark row
for "Mark all read"; "3 new" in lists; the first unread post; "New for me"."""

from forums import services
from forums.models import ReadWatermark, ThreadRead

from .builders import fresh, make_replies, make_thread, thread_url, url


def _marker(user, thread):
    return ThreadRead.objects.filter(user=user, thread=thread).values_list("last_read_number", flat=True).first()


def test_opening_a_thread_marks_it_read_up_to_the_last_post_shown(as_user, thread, manager, reader):
    make_replies(thread, [manager], 3)
    assert _marker(reader, thread) is None  # nothing written until they read
    as_user(reader).get(thread_url(thread))
    assert _marker(reader, thread) == 4
    assert ThreadRead.objects.filter(user=reader).count() == 1


def test_the_marker_only_moves_on(as_user, thread, manager, reader):
    make_replies(thread, [manager], 30)  # two pages
    client = as_user(reader)
    client.get(thread_url(thread, page=2))
    assert _marker(reader, thread) == 31
    client.get(thread_url(thread))  # the first page again: still read to the end
    assert _marker(reader, thread) == 31


def test_the_board_says_how_many_posts_are_new(as_user, board, thread, manager, reader):
    client = as_user(reader)
    client.get(thread_url(thread))
    make_replies(thread, [manager], 3)
    page = client.get(url("board", board.workspace, pk=board.pk)).content.decode()
    assert "3 new" in page
    other = make_thread(board, manager, title="Never opened")
    page = client.get(url("board", board.workspace, pk=board.pk)).content.decode()
    assert f">{other.title}</a>" in page and ">New</span>" in page


def test_the_thread_offers_the_first_unread_post(as_user, thread, manager, reader):
    client = as_user(reader)
    client.get(thread_url(thread))
    make_replies(thread, [manager], 3)
    page = client.get(thread_url(thread)).content.decode()
    assert "Skip to first unread post (post 2)" in page
    assert f'href="/w/{thread.workspace.slug}/forums/t/{thread.pk}/post/2/"' in page
    assert "Post 2 (unread)" in page and "Post 1 (unread)" not in page
    assert "Skip to first unread" not in client.get(thread_url(thread)).content.decode()  # read now


def test_ones_own_posts_are_never_unread(as_user, thread, contributor, manager):
    services.reply(actor=manager, thread=thread, text="Hi.")
    services.reply(actor=contributor, thread=thread, text="My answer.")  # (replying, one has read what came before)
    services.reply(actor=manager, thread=thread, text="Thanks.")
    page = as_user(contributor).get(thread_url(thread)).content.decode()
    assert "Post 3 (unread)" not in page and "Post 4 (unread)" in page
    assert "Skip to first unread post (post 4)" in page


def test_mark_all_read_writes_one_row(as_user, workspace, board, thread, manager, reader):
    for n in range(5):
        make_replies(make_thread(board, manager, title=f"T{n}"), [manager], 2)
    client = as_user(reader)
    assert "T4" in client.get(url("new_for_me", workspace)).content.decode()
    response = client.post(url("mark_all_read", workspace))
    assert response.status_code == 302
    assert ReadWatermark.objects.filter(user=reader).count() == 1
    assert not ThreadRead.objects.filter(user=reader).exists()
    page = client.get(url("new_for_me", workspace)).content.decode()
    assert "You are up to date" in page
    assert " new</span>" not in client.get(url("board", workspace, pk=board.pk)).content.decode()
    client.post(url("mark_all_read", workspace))
    assert ReadWatermark.objects.filter(user=reader).count() == 1  # moved, not added


def test_new_for_me_lists_threads_with_unread_posts_only(as_user, workspace, board, thread, manager, reader):
    read = make_thread(board, manager, title="Read already")
    client = as_user(reader)
    client.get(thread_url(read))
    page = client.get(url("new_for_me", workspace)).content.decode()
    assert thread.title in page and "Read already" not in page
    services.reply(actor=manager, thread=fresh(read), text="Something new.")
    assert "Read already" in client.get(url("new_for_me", workspace)).content.decode()


def test_new_for_me_leaves_out_boards_one_may_not_see(as_user, workspace, manager, reader):
    from workspaces.models import Access

    from .builders import make_board

    secret = make_board(workspace, manager, name="Managers", view_access=Access.MANAGERS)
    make_thread(secret, manager, title="Secret plans")
    assert "Secret plans" not in as_user(reader).get(url("new_for_me", workspace)).content.decode()


def test_a_board_can_be_followed_from_its_page(as_user, board, reader):
    import re

    from notifications.models import Follow

    client = as_user(reader)
    page = client.get(url("board", board.workspace, pk=board.pk)).content.decode()
    action = re.search(r'<form method="post" action="([^"]+/follow/[^"]+)"', page).group(1)
    assert client.post(action, {"action": "follow"}).status_code == 302
    assert Follow.objects.filter(user=reader, target_id=board.pk, target_type__model="board").exists()
