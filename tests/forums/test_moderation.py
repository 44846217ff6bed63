"""The forums' side of the moderation contract (workspaces.kit.moderation): pre-moderated posts
wait (seen only by their author and the moderators), the counters follow the moderation app's
decisions (post_moderated), a hidden post edited by its author goes back in the queue. Through
the real moderation app (its queue rows are what the forums' calls leave behind)."""

from django.contrib.contenttypes.models import ContentType

from forums import services
from forums.models import Board, Post, Premoderation, Thread
from moderation.models import QueueEntry, Why
from notifications.models import Notification
from workspaces import permissions
from workspaces.kit import moderation
from workspaces.kit.moderation import ModerationStatus
from workspaces.models import Activity

from .builders import fresh, make_thread, thread_url


def _moderate(post, status, reason=""):
    """What the moderation app does to a post, then tells the tool."""
    before = fresh(post).status
    Post.objects.filter(pk=post.pk).update(status=status, hidden_reason=reason)
    services.post_moderated(fresh(post), before, None)


def test_a_pre_moderated_reply_waits_and_counts_nowhere(board, thread, contributor, manager):
    Board.objects.filter(pk=board.pk).update(premoderation=Premoderation.EVERYONE)
    post = services.reply(actor=contributor, thread=fresh(thread), text="Please approve me.")
    assert post.is_pending
    entry = QueueEntry.objects.get(target_type=ContentType.objects.get_for_model(Post), target_id=post.pk)
    assert entry.why == Why.PENDING and entry.closed_at is None
    assert fresh(thread).post_count == 0
    assert not Activity.objects.filter(verb="forums.post_created").exists()
    # Moderators post at once.
    assert services.reply(actor=manager, thread=fresh(thread), text="Noted.").is_published


def test_a_pending_post_is_seen_by_its_author_and_moderators_only(board, thread, contributor,
                                                                   manager, reader, as_user):
    Board.objects.filter(pk=board.pk).update(premoderation=Premoderation.EVERYONE)
    post = services.reply(actor=contributor, thread=fresh(thread), text="Secret until approved.")
    for user, sees in ((contributor, True), (manager, True), (reader, False)):
        visible = permissions.visible(user, Post.objects.filter(pk=post.pk), within=thread.workspace)
        assert visible.exists() is sees
        page = as_user(user).get(thread_url(thread)).content.decode()
        assert ("Secret until approved." in page) is sees
    assert "Post 2 (awaiting moderation)" in as_user(contributor).get(thread_url(thread)).content.decode()


def test_approving_a_pending_reply_counts_it_and_tells_the_followers(board, thread, contributor,
                                                                     manager, reader):
    Board.objects.filter(pk=board.pk).update(premoderation=Premoderation.EVERYONE)
    services.reply(actor=manager, thread=fresh(thread), text="I follow now.")
    post = services.reply(actor=contributor, thread=fresh(thread), text="Approved later.")
    _moderate(post, ModerationStatus.PUBLISHED)
    thread = fresh(thread)
    assert (thread.post_count, thread.last_post_number) == (2, 3)
    approved = Activity.objects.filter(verb="forums.post_created", actor=contributor).get()
    assert Notification.objects.filter(activity=approved, recipient=manager).exists()


def test_a_pre_moderated_thread_is_hidden_until_its_first_post_is_approved(board, contributor,
                                                                           reader, manager, as_user):
    Board.objects.filter(pk=board.pk).update(premoderation=Premoderation.EVERYONE)
    thread = make_thread(fresh(board), contributor, title="Waiting thread")
    assert thread.awaiting_moderation
    assert fresh(board).thread_count == 0
    seen = {u: permissions.visible(u, Thread.objects.all(), within=board.workspace).filter(pk=thread.pk).exists()
            for u in (contributor, reader, manager)}
    assert seen == {contributor: True, reader: False, manager: True}
    board_page = as_user(contributor).get(board.get_absolute_url()).content.decode()
    assert "Awaiting moderation" in board_page and f"sent by {contributor.name}" in board_page
    _moderate(Post.objects.get(thread=thread, number=1), ModerationStatus.PUBLISHED)
    assert not fresh(thread).awaiting_moderation
    assert fresh(board).thread_count == 1
    assert Activity.objects.filter(verb="forums.thread_started", target_id=board.pk).exists()


def test_hiding_and_restoring_moves_the_counters(thread, manager, contributor, reader, as_user):
    post = services.reply(actor=manager, thread=thread, text="Rude words.")
    _moderate(post, ModerationStatus.HIDDEN, reason="Abusive")
    assert (fresh(thread).post_count, fresh(thread).last_post_number) == (0, 1)
    page = as_user(reader).get(thread_url(thread)).content.decode()
    assert "Hidden by a moderator: Abusive." in page and "Rude words." not in page
    assert "Rude words." in as_user(manager).get(thread_url(thread)).content.decode()  # its author may expand it
    _moderate(post, ModerationStatus.PUBLISHED)
    assert (fresh(thread).post_count, fresh(thread).last_post_number) == (1, 2)
    assert Activity.objects.filter(verb="forums.post_created").count() == 1  # shown again: nobody told twice


def test_editing_a_hidden_post_puts_it_back_in_the_queue(thread, contributor):
    post = Post.objects.get(thread=thread, number=1)
    Post.objects.filter(pk=post.pk).update(status=ModerationStatus.HIDDEN, hidden_reason="Off-topic")
    services.post_edit(actor=contributor, post=fresh(post), text="Back on topic now.")
    assert fresh(post).is_pending
    entry = QueueEntry.objects.get(target_type=ContentType.objects.get_for_model(Post), target_id=post.pk)
    assert entry.why == Why.EDITED and entry.excerpt == "Back on topic now."


def test_new_members_wait_on_a_board_that_says_so(board, contributor):
    Board.objects.filter(pk=board.pk).update(premoderation=Premoderation.NEW_MEMBERS, new_member_days=7)
    assert services.premoderated(fresh(board), contributor)  # joined just now
    contributor.memberships.update(joined_at="2020-01-01T00:00Z")
    assert not services.premoderated(fresh(board), contributor)


def test_members_in_no_team_wait_on_a_board_for_staff_teams(board, workspace, contributor):
    from ..builders import make_team

    Board.objects.filter(pk=board.pk).update(premoderation=Premoderation.NON_STAFF)
    assert services.premoderated(fresh(board), contributor)
    make_team(workspace, "Task force", members=[contributor])
    permissions.forget(contributor)
    assert not services.premoderated(fresh(board), contributor)


def test_a_report_link_comes_from_the_moderation_app(thread, reader, contributor, as_user):
    page = as_user(reader).get(thread_url(thread)).content.decode()
    post = Post.objects.get(thread=thread, number=1)
    assert f'href="{moderation.report_url(post)}">Report post 1<' in page
    # Not one's own post.
    assert "Report post 1" not in as_user(contributor).get(thread_url(thread)).content.decode()


def test_the_post_model_is_declared_moderatable(db):
    from workspaces import registry

    declared = registry.moderatables()["forums.Post"]
    assert (declared.noun, declared.text_field, declared.changed) == ("post", "body", "forums.services.post_moderated")
    assert ContentType.objects.get_for_model(Post)
