"""The moderators' thread tools: pin, lock, slow mode, close until a time, move, split. Who may
use them, what each changes (counters included), and that each is audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from forums import services, thread_tools
from forums.models import Board, Post, Thread
from workspaces.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def tools_board(workspace, manager):
    return services.board_create(actor=manager, workspace=workspace, name="General")


@pytest.fixture
def tools_thread(tools_board, contributor, manager):
    thread = services.thread_create(actor=contributor, board=tools_board, title="Spring dates", text="Which dates?")
    for n in range(2, 8):
        services.reply(actor=manager if n % 2 else contributor, thread=thread, text=f"Reply {n}.",
                       reply_to=n - 1 if n > 2 else None, client_key=f"k{n}")
    return Thread.objects.get(pk=thread.pk)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def audited(action):
    return AuditEntry.objects.filter(action=action).count()


def url(name, thread):
    return reverse(f"forums:{name}", kwargs={"workspace": thread.workspace.slug, "pk": thread.pk})


def test_only_moderators_use_the_tools(tools_thread, contributor, reader):
    for person in (contributor, reader):
        with pytest.raises(ValidationError):
            thread_tools.thread_lock(actor=person, thread=tools_thread, locked=True)
        with pytest.raises(ValidationError):
            thread_tools.thread_pin(actor=person, thread=tools_thread, pinned=True)
    assert not fresh(tools_thread).is_locked


def test_lock_refuses_replies_but_the_moderators(tools_thread, manager, contributor):
    thread_tools.thread_lock(actor=manager, thread=tools_thread, locked=True, reason="Answered in the minutes")
    thread = fresh(tools_thread)
    assert thread.is_locked and thread.locked_reason == "Answered in the minutes"
    with pytest.raises(ValidationError, match="locked"):
        services.reply(actor=contributor, thread=thread, text="One more thing")
    services.reply(actor=manager, thread=thread, text="Moderators may still post.")
    thread_tools.thread_lock(actor=manager, thread=thread, locked=False)
    services.reply(actor=contributor, thread=fresh(thread), text="Open again")
    assert audited("forums.thread_locked") == 1 and audited("forums.thread_unlocked") == 1


def test_slow_mode_records_who_and_why_and_needs_a_reason(tools_thread, manager, contributor):
    with pytest.raises(ValidationError) as refused:
        thread_tools.thread_slow_mode(actor=manager, thread=tools_thread, minutes=10, reason="")
    assert "reason" in refused.value.message_dict
    thread_tools.thread_slow_mode(actor=manager, thread=tools_thread, minutes=10, reason="Heated")
    thread = fresh(tools_thread)
    assert (thread.slow_mode_minutes, thread.slow_mode_set_by, thread.slow_mode_reason) == (10, manager, "Heated")
    with pytest.raises(ValidationError, match="slow mode: you can post again in 10 minutes"):
        services.reply(actor=contributor, thread=thread, text="Just after my last reply")
    later = timezone.now() + timedelta(minutes=11)
    services.reply(actor=contributor, thread=thread, text="First under slow mode", now=later)
    with pytest.raises(ValidationError, match="slow mode: you can post again in 9 minutes"):
        services.reply(actor=contributor, thread=fresh(thread), text="Second too soon",
                       now=later + timedelta(seconds=61))
    services.reply(actor=manager, thread=fresh(thread), text="Staff are exempt")
    services.reply(actor=manager, thread=fresh(thread), text="Staff are exempt, twice")
    entry = AuditEntry.objects.get(action="forums.thread_slow_mode_set")
    assert entry.actor == manager and entry.after["reason"] == "Heated"
    thread_tools.thread_slow_mode(actor=manager, thread=thread, minutes=0)
    assert fresh(thread).slow_mode_set_by is None


def test_close_until_reopens_by_itself(tools_thread, manager, contributor):
    now = timezone.now()
    with pytest.raises(ValidationError):
        thread_tools.thread_close(actor=manager, thread=tools_thread, until=now - timedelta(minutes=1), reason="x")
    thread_tools.thread_close(actor=manager, thread=tools_thread, until=now + timedelta(hours=2), reason="Cooling off")
    thread = fresh(tools_thread)
    with pytest.raises(ValidationError, match="closed until"):
        services.reply(actor=contributor, thread=thread, text="Still here")
    # Two hours later it takes posts again, with nobody doing anything.
    assert thread.is_closed(now + timedelta(hours=1)) and not thread.is_closed(now + timedelta(hours=2, minutes=1))
    assert audited("forums.thread_closed") == 1


def test_pin_lists_the_thread_first(tools_board, tools_thread, manager, contributor):
    newer = services.thread_create(actor=contributor, board=tools_board, title="Newer", text="Newer thread")
    assert list(Thread.objects.filter(board=tools_board))[0] == newer
    thread_tools.thread_pin(actor=manager, thread=tools_thread, pinned=True)
    assert list(Thread.objects.filter(board=tools_board))[0] == tools_thread
    assert audited("forums.thread_pinned") == 1


def test_move_keeps_both_boards_counts_right(workspace, tools_board, tools_thread, manager):
    other = services.board_create(actor=manager, workspace=workspace, name="Archive")
    before = fresh(tools_board)
    assert (before.thread_count, before.post_count) == (1, 7)
    with pytest.raises(ValidationError):
        thread_tools.thread_move(actor=manager, thread=tools_thread, board=tools_board)
    thread_tools.thread_move(actor=manager, thread=tools_thread, board=other)
    assert fresh(tools_thread).board == other
    assert (fresh(tools_board).thread_count, fresh(tools_board).post_count) == (0, 0)
    assert (fresh(other).thread_count, fresh(other).post_count) == (1, 7)
    assert audited("forums.thread_moved") == 1


def test_split_moves_a_range_renumbered_and_leaves_a_note(tools_thread, manager, contributor):
    with pytest.raises(ValidationError):
        thread_tools.thread_split(actor=manager, thread=tools_thread, first=1, title="Everything")
    new = thread_tools.thread_split(actor=manager, thread=tools_thread, first=4, last=6, title="Dates in May")
    moved = list(Post.objects.filter(thread=new).order_by("number"))
    assert [p.number for p in moved] == [1, 2, 3]
    assert [p.body for p in moved] == ["Reply 4.", "Reply 5.", "Reply 6."]
    # Answers within the range follow; the first moved post answered one left behind.
    assert moved[0].reply_to_number is None and moved[1].reply_to_number == 1
    old = fresh(tools_thread)
    remaining = list(Post.objects.filter(thread=old).order_by("number").values_list("number", flat=True))
    assert remaining == [1, 2, 3, 7, 8]
    note = Post.objects.get(thread=old, number=8)
    assert note.author == manager and new.get_absolute_url() in note.body
    assert Post.objects.get(thread=old, number=7).reply_to_number is None  # its post 6 moved
    assert (old.post_count, old.last_post_number) == (4, 8)
    new = fresh(new)
    assert (new.post_count, new.last_post_number, new.next_number, new.author) == (2, 3, 4, contributor)
    assert audited("forums.thread_split") == 1


def test_split_to_the_end(tools_thread, manager):
    new = thread_tools.thread_split(actor=manager, thread=tools_thread, first=5, title="The rest")
    assert Post.objects.filter(thread=new).count() == 3


def test_delete_and_restore_a_thread(as_user, tools_board, tools_thread, manager, reader):
    thread_tools.thread_delete(actor=manager, thread=tools_thread)
    assert fresh(tools_board).thread_count == 0
    assert as_user(reader).get(tools_thread.get_absolute_url()).status_code == 404
    board_page = url("board", tools_board).replace(f"/t/{tools_thread.pk}/", "")
    deleted_list = as_user(manager).get(reverse("forums:board", kwargs={
        "workspace": tools_board.workspace.slug, "pk": tools_board.pk}) + "?show=deleted").content.decode()
    assert "Spring dates" in deleted_list and board_page
    page = as_user(manager).get(tools_thread.get_absolute_url()).content.decode()
    assert url("thread_restore", tools_thread) in page
    assert as_user(manager).post(url("thread_restore", tools_thread)).status_code == 302
    assert not fresh(tools_thread).is_deleted and fresh(tools_board).thread_count == 1
    assert audited("forums.thread_deleted") == 1 and audited("forums.thread_restored") == 1


@pytest.mark.parametrize("name", ["thread_moderate", "thread_move", "thread_split", "thread_delete"])
def test_pages_only_for_moderators(as_user, tools_thread, manager, contributor, reader, name):
    assert as_user(manager).get(url(name, tools_thread)).status_code == 200
    assert as_user(contributor).get(url(name, tools_thread)).status_code == 403
    assert as_user(reader).get(url(name, tools_thread)).status_code == 403


def test_the_moderation_page_runs_each_tool_and_keeps_errors_by_their_field(as_user, tools_thread, manager):
    client = as_user(manager)
    page = url("thread_moderate", tools_thread)
    response = client.post(page, {"tool": "slow_mode", "slow-minutes": "10", "slow-reason": ""})
    assert response.status_code == 200 and b"Say why" in response.content
    response = client.post(page, {"tool": "close", "close-until": "not a date", "close-reason": "x"})
    assert response.status_code == 200 and b"Enter a date and time" in response.content
    assert client.post(page, {"tool": "lock", "lock-reason": "Done"}).status_code == 302
    assert client.post(page, {"tool": "pin"}).status_code == 302
    thread = fresh(tools_thread)
    assert thread.is_locked and thread.is_pinned
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(page, {"tool": "close", "close-until": when, "close-reason": "Pause"}).status_code == 302
    assert fresh(tools_thread).is_closed()
    response = client.get(tools_thread.get_absolute_url())
    assert b"This thread is locked" in response.content and b"closed until" in response.content


def test_split_and_move_pages(as_user, workspace, tools_thread, manager):
    client = as_user(manager)
    other = services.board_create(actor=manager, workspace=workspace, name="Elsewhere")
    response = client.post(url("thread_split", tools_thread), {"first": "9", "title": "T", "board": other.pk})
    assert response.status_code == 200 and b"last post is post 7" in response.content
    response = client.post(url("thread_split", tools_thread), {"first": "3", "title": "<b>Side</b>", "board": other.pk})
    new = Thread.objects.get(title="<b>Side</b>")
    assert response.status_code == 302 and new.board == other
    assert b"&lt;b&gt;Side" in client.get(new.get_absolute_url()).content
    response = client.post(url("thread_move", tools_thread), {"board": other.pk})
    assert response.status_code == 302 and fresh(tools_thread).board == other
    assert Board.objects.get(pk=other.pk).thread_count == 2


def test_an_edit_tells_only_whom_it_newly_mentions(tools_thread, contributor, manager):
    from notifications.models import Notification

    handle = manager.email.split("@")[0]
    post = Post.objects.get(thread=tools_thread, number=1)
    before = Notification.objects.filter(recipient=manager).count()
    services.post_edit(actor=contributor, post=post, text=f"Which dates? @{handle}")
    assert Notification.objects.filter(recipient=manager).count() == before + 1
    services.post_edit(actor=contributor, post=fresh(post), text=f"Which dates, @{handle}?")
    assert Notification.objects.filter(recipient=manager).count() == before + 1  # mentioned already


def test_the_author_renames_their_thread_and_nobody_else_but_moderators(as_user, tools_thread, contributor,
                                                                         reader, manager):
    page = url("thread_rename", tools_thread)
    assert as_user(reader).post(page, {"title": "Taken over"}).status_code == 403
    response = as_user(contributor).post(page, {"title": "  "})
    assert response.status_code == 200 and b"Give the thread a title" in response.content
    assert as_user(contributor).post(page, {"title": "Spring dates: <b>settled</b>"}).status_code == 302
    assert fresh(tools_thread).title == "Spring dates: <b>settled</b>"
    assert b"Rename thread" in as_user(contributor).get(tools_thread.get_absolute_url()).content
    assert as_user(manager).get(page).status_code == 200
