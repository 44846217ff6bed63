"""Forum writes: numbering, counters, refusals, idempotent replies, edits and removal."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forums import services
from forums.models import MAX_BODY_LENGTH, Board, Post, PostRevision, Thread
from notifications.models import Follow, Notification
from workspaces.models import Activity

from .builders import fresh, make_board, make_replies, make_thread


def test_a_thread_starts_with_post_one_and_counts_on_its_board(board, contributor):
    thread = make_thread(board, contributor, title="Dates", text="Which dates?")
    first = Post.objects.get(thread=thread)
    assert (first.number, first.body, first.is_published) == (1, "Which dates?", True)
    thread = fresh(thread)
    assert (thread.post_count, thread.last_post_number, thread.next_number) == (0, 1, 2)
    assert thread.last_post_author == contributor
    board = fresh(board)
    assert (board.thread_count, board.post_count, board.last_thread_id) == (1, 1, thread.pk)


def test_replies_are_numbered_in_order_and_move_the_counters(thread, manager, contributor):
    posts = make_replies(thread, [manager, contributor], 3)
    assert [p.number for p in posts] == [2, 3, 4]
    thread = fresh(thread)
    assert (thread.post_count, thread.last_post_number, thread.next_number) == (3, 4, 5)
    assert thread.last_post_author == posts[-1].author
    assert fresh(thread.board).post_count == 4


def test_a_reply_answering_a_post_names_its_number(thread, manager):
    post = services.reply(actor=manager, thread=thread, text="Yes.", reply_to=1)
    assert (post.reply_to.number, post.reply_to_number) == (1, 1)
    # A number no post has answers nothing (no error: the form's hidden field was tampered with).
    assert services.reply(actor=manager, thread=thread, text="And?", reply_to=99).reply_to is None


def test_the_same_form_sent_twice_is_one_post(thread, manager):
    first = services.reply(actor=manager, thread=thread, text="Once.", client_key="k1")
    again = services.reply(actor=manager, thread=thread, text="Once.", client_key="k1")
    assert first.pk == again.pk
    assert fresh(thread).post_count == 1


def test_the_same_text_again_within_seconds_is_one_post(thread, manager):
    first = services.reply(actor=manager, thread=thread, text="Agreed.")
    assert services.reply(actor=manager, thread=thread, text="Agreed.").pk == first.pk
    Post.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert services.reply(actor=manager, thread=thread, text="Agreed.").pk != first.pk


@pytest.mark.parametrize("text, message", [("", "Write something"), ("   \n ", "Write something"),
                                           ("x" * (MAX_BODY_LENGTH + 1), "too long")])
def test_empty_or_oversized_posts_are_refused_on_the_text(thread, manager, text, message):
    with pytest.raises(ValidationError) as refused:
        services.reply(actor=manager, thread=thread, text=text)
    assert message in refused.value.message_dict["text"][0]
    assert fresh(thread).next_number == 2


def test_a_locked_thread_takes_no_replies_but_from_moderators(thread, manager, contributor):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    with pytest.raises(ValidationError, match="locked"):
        services.reply(actor=contributor, thread=fresh(thread), text="Let me in.")
    assert services.reply(actor=manager, thread=fresh(thread), text="Moderator's note.").number == 2


def test_a_closed_thread_says_until_when_and_reopens_by_itself(thread, contributor):
    until = timezone.now() + timedelta(hours=2)
    Thread.objects.filter(pk=thread.pk).update(closed_until=until)
    with pytest.raises(ValidationError, match="closed until"):
        services.reply(actor=contributor, thread=fresh(thread), text="Now?")
    Thread.objects.filter(pk=thread.pk).update(closed_until=timezone.now() - timedelta(minutes=1))
    assert services.reply(actor=contributor, thread=fresh(thread), text="Now.").number == 2


def test_slow_mode_makes_people_wait_but_not_moderators(thread, contributor, manager):
    Thread.objects.filter(pk=thread.pk).update(slow_mode_minutes=5, slow_mode_set_by=manager)
    Post.objects.filter(thread=thread).update(created_at=timezone.now() - timedelta(minutes=10))
    services.reply(actor=contributor, thread=fresh(thread), text="First.")
    with pytest.raises(ValidationError) as refused:
        services.reply(actor=contributor, thread=fresh(thread), text="Second.")
    assert "you can post again in 5 minutes" in refused.value.messages[0]
    services.reply(actor=manager, thread=fresh(thread), text="One.")
    services.reply(actor=manager, thread=fresh(thread), text="Two.")  # managers are not slowed down
    later = timezone.now() + timedelta(minutes=6)
    assert services.reply(actor=contributor, thread=fresh(thread), text="Second.", now=later).number == 5


def test_a_deleted_thread_or_board_takes_no_replies(board, thread, contributor, manager):
    Thread.objects.filter(pk=thread.pk).update(is_deleted=True)
    with pytest.raises(ValidationError):
        services.reply(actor=contributor, thread=fresh(thread), text="Hello?")
    Thread.objects.filter(pk=thread.pk).update(is_deleted=False)
    Board.objects.filter(pk=board.pk).update(is_deleted=True)
    with pytest.raises(ValidationError):
        services.reply(actor=contributor, thread=fresh(thread), text="Hello?")


def test_readers_may_not_post(board, thread, reader):
    with pytest.raises(ValidationError, match="Readers"):
        services.reply(actor=reader, thread=thread, text="Hi.")
    with pytest.raises(ValidationError, match="Readers"):
        services.thread_create(actor=reader, board=board, title="Mine", text="Hi.")


def test_every_edit_is_kept(thread, contributor):
    post = Post.objects.get(thread=thread, number=1)
    services.post_edit(actor=contributor, post=post, text="Which dates suit you?")
    services.post_edit(actor=contributor, post=post, text="Which dates suit you all?")
    post = fresh(post)
    assert (post.body, post.edit_count) == ("Which dates suit you all?", 2)
    assert "all?" in post.body_html
    assert list(PostRevision.objects.filter(post=post).order_by("number").values_list("number", "text")) == [
        (1, "Which dates suit everyone?"), (2, "Which dates suit you?")]


def test_only_its_author_edits_a_post(thread, manager):
    post = Post.objects.get(thread=thread, number=1)
    with pytest.raises(ValidationError, match="Only its author"):
        services.post_edit(actor=manager, post=post, text="Rewritten by someone else.")


def test_removing_a_post_keeps_its_place_and_the_counters_follow(thread, manager, contributor):
    posts = make_replies(thread, [manager, contributor], 3)
    services.post_remove(actor=contributor, post=posts[1])
    removed = fresh(posts[1])
    assert removed.is_removed and removed.body == "Reply 2."  # kept for moderators
    assert list(Post.objects.filter(thread=thread).values_list("number", flat=True)) == [1, 2, 3, 4]
    thread = fresh(thread)
    assert (thread.post_count, thread.last_post_number) == (2, 4)
    # The last post removed: the last published one before it is the thread's last post now.
    services.post_remove(actor=manager, post=posts[2])
    thread = fresh(thread)
    assert (thread.post_count, thread.last_post_number, thread.last_post_author) == (1, 2, manager)
    assert fresh(thread.board).post_count == 2


def test_others_may_not_remove_a_post_but_moderators_may(thread, manager, contributor, reader):
    post = services.reply(actor=manager, thread=thread, text="Mine.")
    with pytest.raises(ValidationError):
        services.post_remove(actor=reader, post=post)
    mine = Post.objects.get(thread=thread, number=1)
    assert services.post_remove(actor=manager, post=mine).is_removed  # a moderator's removal


def test_the_author_and_repliers_follow_the_thread(thread, manager, contributor):
    services.reply(actor=manager, thread=thread, text="Hello.")
    followers = set(Follow.objects.filter(target_id=thread.pk, target_type__model="thread")
                    .values_list("user_id", flat=True))
    assert followers == {contributor.pk, manager.pk}


def test_a_reply_tells_the_thread_followers_and_mentioned_people(thread, manager, contributor, reader):
    services.reply(actor=manager, thread=thread, text="Over to you, @reader.")
    activity = Activity.objects.get(verb="forums.post_created")
    assert activity.target_id == thread.pk
    told = dict(Notification.objects.filter(activity=activity).values_list("recipient_id", "reason"))
    assert told == {contributor.pk: "followers", reader.pk: "mentioned"}


def test_board_followers_hear_of_a_new_thread(board, manager, contributor, reader):
    Follow.objects.create(user=reader, workspace=board.workspace, target_type_id=_type(Board), target_id=board.pk)
    thread = make_thread(board, contributor, title="News")
    started = Activity.objects.get(verb="forums.thread_started")
    assert started.target_id == board.pk and thread.title in started.summary
    assert Notification.objects.filter(activity=started, recipient=reader).exists()


def test_the_board_counts_only_its_live_threads_when_recounted(board, thread, manager):
    make_replies(thread, [manager], 2)
    other = make_thread(board, manager)
    Board.objects.filter(pk=board.pk).update(thread_count=99, post_count=99)
    services.recount_board(board)
    board = fresh(board)
    assert (board.thread_count, board.post_count, board.last_thread_id) == (2, 4, other.pk)
    Thread.objects.filter(pk=thread.pk).update(post_count=0)
    services.recount_thread(thread)
    assert fresh(thread).post_count == 2


def _type(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def test_a_new_board_goes_last(workspace, manager):
    first = make_board(workspace, manager, name="One")
    second = make_board(workspace, manager, name="Two")
    assert fresh(second).position > fresh(first).position
