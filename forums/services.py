"""Writes for the forums. Each is one transaction: the post, the counters it moves, its activity
(who hears of it: the verbs' NotifyRules in apps.py) and its place in the moderation queue
commit or roll back together.

Counters: a thread's `post_count` counts its published replies and its `last_post_*` name its
last published post; a board's `thread_count` and `post_count` count its live threads and their
published posts. Every write that publishes, hides, shows again or removes a post moves them
(post_moderated for the moderation app's decisions); recount_thread / recount_board rebuild them
from the rows (after a move or a split).

Numbering: a thread's row is locked while a post takes `next_number`, so two replies at the
same moment get 7 and 8, never two 7s (the unique (thread, number) constraint stands behind it).

Refusals are ValidationError: on "title" or "text" for what was typed (empty, too long), plain
(no field) for the thread's state (locked, closed, slow mode, deleted) — the view puts them on
the form, which keeps the text; reply_by_email sends the message back to the sender.
"""

import math
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.db.models.functions import Greatest
from django.utils import timezone

from workspaces.kit import moderation
from workspaces.kit.moderation import ModerationStatus
from workspaces.kit.services import (
    audit,
    check_length,
    item_added,
    locked_row,
    mentioned_members,
    normalise_text,
    record,
    restore,
    retried,
    soft_delete,
)
from workspaces.lib.forms import one_line
from workspaces.permissions import NOT_FOUND, access_for, decide

from .models import (
    MAX_BODY_LENGTH,
    MAX_TITLE_LENGTH,
    Board,
    Post,
    PostRevision,
    Premoderation,
    ReadWatermark,
    Thread,
    ThreadRead,
)
from .policies import moderates

DOUBLE_POST_SECONDS = 30  # the same text from the same person in a thread this soon is the same post
PUBLISHED = ModerationStatus.PUBLISHED
PENDING = ModerationStatus.PENDING

EMPTY_POST = "Write something before posting."
EMPTY_TITLE = "Give the thread a title."


# --- Checks ---------------------------------------------------------------------------------------


def clean_title(title):
    title = one_line(title)
    if not title:
        raise ValidationError({"title": EMPTY_TITLE})
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError({"title": f"Keep the title to {MAX_TITLE_LENGTH} characters or fewer "
                                        f"(it has {len(title)})."})
    return title


def check_body(text):
    """The refusal a post's text gets (on the form's "text" field): empty, or too long."""
    if not text.strip():
        raise ValidationError({"text": EMPTY_POST})
    check_length(text, MAX_BODY_LENGTH, what="This post", advice="Split it into two posts.")


def clean_body(text):
    text = normalise_text(text).strip("\n")
    check_body(text)
    return text


GONE = "This thread is gone, or no longer open to you."


def _refuse(decision):
    if not decision.allowed:
        raise ValidationError(decision.reason if decision.reason != NOT_FOUND else GONE)


def wait_phrase(seconds):
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def slow_mode_wait(thread, actor, now=None):
    """Seconds `actor` must still wait before posting in a thread in slow mode (0: may post)."""
    if not thread.slow_mode_minutes or not getattr(actor, "is_authenticated", False):
        return 0
    if moderates(access_for(actor, thread.workspace)):
        return 0  # managers and moderators are not slowed down
    last = (Post.objects.filter(thread=thread, author=actor).order_by("-created_at")
            .values_list("created_at", flat=True).first())
    if last is None:
        return 0
    due = last + timedelta(minutes=thread.slow_mode_minutes)
    return max(0, (due - (now or timezone.now())).total_seconds())


def premoderated(board, actor):
    """Whether what `actor` posts on `board` waits for a moderator: the board's rule, or the
    workspace's (the moderation app's setting). Moderators' own posts never wait."""
    access = access_for(actor, board.workspace)
    if moderates(access):
        return False
    rule = board.premoderation
    if rule == Premoderation.EVERYONE:
        return True
    if rule == Premoderation.NON_STAFF and not access.team_group_ids:
        return True  # in none of the workspace's teams: not of the task force
    if rule == Premoderation.NEW_MEMBERS:
        joined = actor.memberships.filter(workspace=board.workspace).values_list("joined_at", flat=True).first()
        if joined is None or joined > timezone.now() - timedelta(days=board.new_member_days):
            return True
    try:
        return bool(moderation.premoderates(board.workspace, actor))
    except LookupError:  # no moderation app installed: nothing waits workspace-wide
        return False


# --- Boards ---------------------------------------------------------------------------------------


@transaction.atomic
def board_create(*, actor, workspace, name, description="", premoderation=Premoderation.NOBODY,
                 new_member_days=7, view_access="anyone", change_access="members", view_teams=(), change_teams=()):
    """Add a board at the end of the workspace's list."""
    last = Board.objects.filter(workspace=workspace).aggregate(last=Max("position"))["last"]
    board = Board.objects.create(
        workspace=workspace, created_by=actor, name=name, description=description, premoderation=premoderation,
        new_member_days=new_member_days, view_access=view_access, change_access=change_access,
        position=(last or 0) + 1,
    )
    item_added(board, actor=actor, verb="forums.board_created", summary="added the board",
               view_teams=view_teams, change_teams=change_teams)
    return board


@transaction.atomic
def board_update(*, actor, board, name, description, premoderation, new_member_days, position=None,
                 view_access=None, change_access=None, view_teams=(), change_teams=()):
    from workspaces.kit.services import set_item_teams

    current = locked_row(board, "workspace")
    current.name, current.description = name, description
    current.premoderation, current.new_member_days = premoderation, new_member_days
    if position is not None:
        current.position = position
    if view_access is not None and change_access is not None:
        current.view_access, current.change_access = view_access, change_access
        set_item_teams(current, view_teams=view_teams, change_teams=change_teams)
    current.save()
    record(workspace=current.workspace, actor=actor, verb="forums.board_updated", target=current,
           summary="changed the board")
    return current


@transaction.atomic
def board_delete(*, actor, board):
    current = locked_row(board, "workspace")
    return soft_delete(current, actor=actor, verb="forums.board_deleted", summary="deleted the board",
                       audit_action="forums.board_deleted")


@transaction.atomic
def board_restore(*, actor, board):
    current = locked_row(board, "workspace")
    return restore(current, actor=actor, verb="forums.board_restored", summary="restored the board",
                   audit_action="forums.board_restored")


# --- Threads and posts ----------------------------------------------------------------------------


@retried
@transaction.atomic
def thread_create(*, actor, board, title, text, client_key=""):
    """Start a thread on a board: the thread and its first post (number 1). Pre-moderated, both
    wait for a moderator (only the author sees them). Records forums.thread_created (the author
    follows the thread; anyone mentioned hears) and forums.thread_started (the board's
    followers hear). Returns the thread."""
    title, text = clean_title(title), clean_body(text)
    current = locked_row(board, "workspace")
    _refuse(decide(actor, "forums.post_board", current))
    if client_key:
        earlier = Thread.objects.filter(board=current, author=actor, posts__number=1,
                                        posts__client_key=client_key).first()
        if earlier is not None:
            return earlier  # the same form sent twice
    now = timezone.now()
    pending = premoderated(current, actor)
    thread = Thread.objects.create(
        workspace=current.workspace, board=current, title=title, author=actor, created_at=now, last_post_at=now,
        last_post_author=None if pending else actor, last_post_number=0 if pending else 1, next_number=2,
        awaiting_moderation=pending,
    )
    post = Post(workspace=current.workspace, thread=thread, number=1, author=actor, body=text, created_at=now,
                status=PENDING if pending else PUBLISHED, client_key=client_key[:64])
    post.full_clean(exclude=["workspace", "thread", "author", "reply_to", "body_html", "moderated_by", "removed_by"])
    post.save()
    mark_read(user=actor, thread=thread, number=1)
    if pending:
        moderation.submitted(actor=actor, item=post)
    else:
        _thread_published(thread, post)
    return thread


def _thread_published(thread, post):
    """A thread's first post is out: the board counts it, and people hear."""
    Board.objects.filter(pk=thread.board_id).update(
        thread_count=F("thread_count") + 1, post_count=F("post_count") + 1,
        last_post_at=post.created_at, last_thread=thread,
    )
    actor = post.author
    mentions = mentioned_members(thread.workspace, post.body)
    record(workspace=thread.workspace, actor=actor, verb="forums.thread_created", target=thread,
           summary="started the thread", mentions=mentions)
    record(workspace=thread.workspace, actor=actor, verb="forums.thread_started", target=thread.board,
           summary=f"started the thread “{thread.title}”", url=thread.get_absolute_url())


@retried
@transaction.atomic
def reply(*, actor, thread, text, reply_to=None, client_key="", message_id="", now=None):
    """Add a post at the end of a thread, answering post number `reply_to` (optional). Refused
    (ValidationError) for a thread locked, closed, deleted or in slow mode for this person, and
    for an empty or oversized text. The same form (client_key) or mail (message_id) sent twice,
    or the same text from the same person within seconds, is stored once: the first post is
    returned. Pre-moderated, the post waits for a moderator. Records forums.post_created with
    the thread as its target (its followers hear, by the outbox after the commit; the author
    follows it). Returns the post."""
    text = clean_body(text)
    current = locked_row(thread, "board", "board__workspace", "workspace")
    earlier = _earlier_copy(current, actor, text, client_key, message_id)
    if earlier is not None:
        return earlier
    _refuse(decide(actor, "forums.reply_thread", current))
    now = now or timezone.now()
    wait = slow_mode_wait(current, actor, now)
    if wait:
        raise ValidationError(f"This thread is in slow mode: you can post again in {wait_phrase(wait)}.")
    answered = None
    if reply_to:
        answered = Post.objects.filter(thread=current, number=reply_to).only("id", "number").first()
    pending = premoderated(current.board, actor)
    post = Post(
        workspace=current.workspace, thread=current, number=current.next_number, author=actor, body=text,
        created_at=now, reply_to=answered, reply_to_number=answered.number if answered else None,
        status=PENDING if pending else PUBLISHED, client_key=client_key[:64], message_id=message_id[:255],
    )
    post.save()
    current.next_number += 1
    current.save(update_fields=["next_number"])
    mark_read(user=actor, thread=current, number=post.number)  # one's own post is read
    if pending:
        moderation.submitted(actor=actor, item=post)
    else:
        _post_published(current, post)
    return post


def _earlier_copy(thread, actor, text, client_key, message_id):
    posts = Post.objects.filter(thread=thread, author=actor)
    if message_id:
        found = Post.objects.filter(thread=thread, message_id=message_id[:255]).first()
        if found is not None:
            return found
    if client_key:
        found = posts.filter(client_key=client_key[:64]).first()
        if found is not None:
            return found
    since = timezone.now() - timedelta(seconds=DOUBLE_POST_SECONDS)
    return posts.filter(created_at__gte=since, body=text).order_by("-number").first()


def _post_published(thread, post, *, tell=True):
    """A reply is out (posted, or approved): the counters move, and the thread's followers hear."""
    Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1)
    if post.number > thread.last_post_number:
        Thread.objects.filter(pk=thread.pk).update(last_post_number=post.number, last_post_at=post.created_at,
                                                  last_post_author=post.author_id)
    Board.objects.filter(pk=thread.board_id).update(post_count=F("post_count") + 1, last_post_at=post.created_at,
                                                    last_thread=thread)
    thread.refresh_from_db(fields=["post_count", "last_post_number", "last_post_at", "last_post_author"])
    if tell:
        record(workspace=thread.workspace, actor=post.author, verb="forums.post_created", target=thread,
               summary=f"replied (post {post.number})", url=post.get_absolute_url(),
               mentions=mentioned_members(thread.workspace, post.body))


def _post_withdrawn(thread, post):
    """A published post is no longer out (hidden, removed): the counters come back."""
    if post.number == 1:
        Board.objects.filter(pk=thread.board_id).update(post_count=Greatest(F("post_count") - 1, 0))
    else:
        Thread.objects.filter(pk=thread.pk).update(post_count=Greatest(F("post_count") - 1, 0))
        Board.objects.filter(pk=thread.board_id).update(post_count=Greatest(F("post_count") - 1, 0))
    if post.number == thread.last_post_number:
        _refresh_last(thread)


def _refresh_last(thread):
    last = (Post.objects.filter(thread=thread, status=PUBLISHED).order_by("-number")
            .values("number", "created_at", "author").first())
    if last is None:
        Thread.objects.filter(pk=thread.pk).update(last_post_number=0)
    else:
        Thread.objects.filter(pk=thread.pk).update(last_post_number=last["number"], last_post_at=last["created_at"],
                                                  last_post_author=last["author"])


@transaction.atomic
def post_edit(*, actor, post, text):
    """Change a post's text (its author). The text before is kept as a PostRevision. A post a
    moderator hid goes back in the queue (kit.moderation.edited). Records forums.post_edited,
    telling only those the edit newly mentions."""
    text = clean_body(text)
    current = locked_row(post, "thread", "thread__board", "workspace")
    _refuse(decide(actor, "forums.change_post", current))
    if text == current.body:
        return current
    number = (current.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    PostRevision.objects.create(workspace=current.workspace, post=current, number=number, text=current.body,
                                html=current.body_html, author=actor,
                                created_at=current.edited_at or current.created_at)
    previous = current.body
    current.body, current.edited_at, current.edit_count = text, timezone.now(), current.edit_count + 1
    current.save(update_fields=["body", "edited_at", "edit_count"])
    if current.is_hidden:
        moderation.edited(actor=actor, item=current)
    record(workspace=current.workspace, actor=actor, verb="forums.post_edited", target=current.thread,
           summary=f"edited post {current.number}", url=current.get_absolute_url(),
           mentions=mentioned_members(current.workspace, text, previous) if current.is_published else ())
    return current


@transaction.atomic
def post_remove(*, actor, post):
    """Remove a post (its author, or a moderator): it stays in its place as "Removed by its
    author" (or "by a moderator"), so the thread keeps its shape; the text is kept for the
    moderators. It leaves the moderation queue."""
    current = locked_row(post, "thread", "thread__board", "workspace")
    _refuse(decide(actor, "forums.delete_post", current))
    was_published = current.is_published
    current.status, current.removed_at, current.removed_by = ModerationStatus.REMOVED, timezone.now(), actor
    current.save(update_fields=["status", "removed_at", "removed_by"])
    if was_published:
        _post_withdrawn(current.thread, current)
    try:
        moderation.withdrawn(item=current)
    except LookupError:  # no moderation app: no queue to leave
        pass
    record(workspace=current.workspace, actor=actor, verb="forums.post_removed", target=current.thread,
           summary=f"removed post {current.number}", url=current.get_absolute_url())
    if current.author_id != getattr(actor, "pk", None):
        audit(actor=actor, action="forums.post_removed", workspace=current.workspace, target=current)
    return current


@transaction.atomic
def thread_rename(*, actor, thread, title):
    title = clean_title(title)
    current = locked_row(thread, "board", "workspace")
    _refuse(decide(actor, "forums.change_thread", current))
    current.title = title
    current.save(update_fields=["title"])
    record(workspace=current.workspace, actor=actor, verb="forums.thread_renamed", target=current,
           summary="renamed the thread")
    return current


def post_moderated(item, before_status, actor):
    """The moderation app changed a post's status (Moderatable.changed; in its transaction):
    keep the counters right, and when a waiting post is approved, tell the thread's followers
    (and the board's, for a thread's first post) as if it had just been posted."""
    post = Post.objects.select_related("thread", "thread__board", "workspace", "author").get(pk=item.pk)
    thread = Thread.objects.select_for_update().select_related("board", "workspace").get(pk=post.thread_id)
    was, now = before_status, post.status
    if was == now:
        return
    if now == PUBLISHED:
        if post.number == 1 and thread.awaiting_moderation:
            Thread.objects.filter(pk=thread.pk).update(awaiting_moderation=False, last_post_number=Greatest(
                "last_post_number", 1), last_post_author=post.author_id)
            thread.refresh_from_db()
            _thread_published(thread, post)
        elif post.number == 1:
            Board.objects.filter(pk=thread.board_id).update(post_count=F("post_count") + 1)
        else:
            _post_published(thread, post, tell=was == PENDING)
    elif was == PUBLISHED:
        _post_withdrawn(thread, post)


def recount_thread(thread):
    """Rebuild a thread's counters from its posts (after a split or a move)."""
    published = Post.objects.filter(thread=thread, status=PUBLISHED)
    replies = published.filter(number__gt=1).count()
    Thread.objects.filter(pk=thread.pk).update(post_count=replies)
    _refresh_last(thread)


def recount_board(board):
    """Rebuild a board's counters from its threads and posts."""
    live = Thread.objects.filter(board=board, is_deleted=False, awaiting_moderation=False)
    totals = live.aggregate(threads=Count("id"), last=Max("last_post_at"))
    posts = Post.objects.filter(thread__in=live, status=PUBLISHED).count()
    last_thread = live.order_by("-last_post_at", "-id").values_list("pk", flat=True).first()
    Board.objects.filter(pk=board.pk).update(thread_count=totals["threads"], post_count=posts,
                                             last_post_at=totals["last"], last_thread=last_thread)


# --- Reading --------------------------------------------------------------------------------------


def mark_read(*, user, thread, number, known=0):
    """The person has seen `thread` up to post `number`: one upsert, and only when it moves
    their marker on (`known`, the marker the page loaded). Not for people signed out."""
    if not user.is_authenticated or number <= known:
        return
    ThreadRead.objects.bulk_create(
        [ThreadRead(user=user, thread=thread, last_read_number=number, updated_at=timezone.now())],
        update_conflicts=True, unique_fields=["user", "thread"], update_fields=["last_read_number", "updated_at"],
    )


def mark_all_read(*, user, workspace, now=None):
    """"Mark all read": one row says everything in the workspace's forums until now is read."""
    ReadWatermark.objects.bulk_create(
        [ReadWatermark(user=user, workspace=workspace, read_before=now or timezone.now())],
        update_conflicts=True, unique_fields=["user", "workspace"], update_fields=["read_before"],
    )


# --- Reply by email -------------------------------------------------------------------------------


def reply_by_email(*, actor, target, text, message_id):
    """Repliable(post=...): a reply sent by email to a thread's Reply-To address, posted as
    `actor` once the inbound service checked the token and the sender. The same checks as the
    web's reply (ValidationError with a plain message for the sender); the same mail (its
    Message-ID) arriving twice is posted once."""
    thread = target if isinstance(target, Thread) else Thread.objects.get(pk=target.pk)
    try:
        return reply(actor=actor, thread=thread, text=text, message_id=message_id or "")
    except ValidationError as refused:
        raise ValidationError(" ".join(refused.messages)) from None
    except IntegrityError:  # the same mail, at the same moment: it was posted by the other
        found = Post.objects.filter(thread=thread, message_id=message_id).first()
        if found is None:
            raise
        return found


__all__ = [
    "board_create", "board_delete", "board_restore", "board_update", "clean_body", "clean_title", "mark_all_read",
    "mark_read", "post_edit", "post_moderated", "post_remove", "premoderated", "recount_board", "recount_thread",
    "reply", "reply_by_email", "slow_mode_wait", "thread_create", "thread_rename",
]
