"""Moderators' tools for a thread: pin, lock, slow mode, close until a time, move to another
board, split replies off into a thread of their own. Each is one transaction, refused by the
policy (`forums.moderate_thread`: managers and the workspace's moderators team), recorded in
the audit log with who did it and why, and told in the thread's activity where its readers
need to know (locked, closed, moved, split).

A split moves posts, so their numbers change: they take 1, 2, ... in the new thread, in their
old order, and the old thread gets a post from the moderator saying where they went (the old
thread keeps its shape: its remaining numbers are unchanged)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from workspaces.kit.moderation import ModerationStatus
from workspaces.kit.services import audit, locked_row, record, restore, soft_delete
from workspaces.lib.dates import format_moment
from workspaces.lib.forms import one_line
from workspaces.permissions import decide

from .models import MAX_REASON_LENGTH, MAX_SLOW_MODE_MINUTES, Post, Thread
from .services import clean_title, recount_board, recount_thread

REASON_NEEDED = "Say why: people reading the thread see it."


def _allowed(actor, thread, perm="forums.moderate_thread"):
    decision = decide(actor, perm, thread)
    if not decision.allowed:
        raise ValidationError(decision.reason)


def _reason(reason, *, required=False, field="reason"):
    reason = one_line(reason or "")[:MAX_REASON_LENGTH]
    if required and not reason:
        raise ValidationError({field: REASON_NEEDED})
    return reason


def _locked(thread):
    current = locked_row(thread, "board", "workspace")
    return current


def _audit(actor, current, action, before, after):
    audit(actor=actor, action=f"forums.thread_{action}", workspace=current.workspace, target=current,
          target_label=f"Thread “{current.title}”", before=before, after=after)


@transaction.atomic
def thread_pin(*, actor, thread, pinned):
    """Pin a thread (listed first on its board) or unpin it."""
    current = _locked(thread)
    _allowed(actor, current)
    if current.is_pinned == pinned:
        return current
    current.is_pinned = pinned
    current.save(update_fields=["is_pinned"])
    _audit(actor, current, "pinned" if pinned else "unpinned", {"pinned": not pinned}, {"pinned": pinned})
    return current


@transaction.atomic
def thread_lock(*, actor, thread, locked, reason=""):
    """Lock a thread (it takes no more posts but the moderators'; the reason shows on it) or
    unlock it."""
    current = _locked(thread)
    _allowed(actor, current)
    reason = _reason(reason) if locked else ""
    if current.is_locked == locked and current.locked_reason == reason:
        return current
    before = {"locked": current.is_locked, "reason": current.locked_reason}
    current.is_locked, current.locked_reason = locked, reason
    current.save(update_fields=["is_locked", "locked_reason"])
    _audit(actor, current, "locked" if locked else "unlocked", before, {"locked": locked, "reason": reason})
    verb = "forums.thread_locked" if locked else "forums.thread_unlocked"
    summary = ("locked the thread" + (f": {reason}" if reason else "")) if locked else "unlocked the thread"
    record(workspace=current.workspace, actor=actor, verb=verb, target=current, summary=summary)
    return current


@transaction.atomic
def thread_slow_mode(*, actor, thread, minutes, reason=""):
    """Slow the thread down: each person waits `minutes` between posts (managers and moderators
    are exempt); 0 turns it off. Who set it and why is kept on the thread and in the audit log."""
    if minutes < 0 or minutes > MAX_SLOW_MODE_MINUTES:
        raise ValidationError({"minutes": f"Choose between 1 and {MAX_SLOW_MODE_MINUTES:,} minutes "
                                          "(0 turns slow mode off)."})
    reason = _reason(reason, required=bool(minutes))
    current = _locked(thread)
    _allowed(actor, current)
    before = {"minutes": current.slow_mode_minutes, "reason": current.slow_mode_reason,
              "set_by": current.slow_mode_set_by_id}
    current.slow_mode_minutes = minutes
    current.slow_mode_reason = reason if minutes else ""
    current.slow_mode_set_by = actor if minutes else None
    current.save(update_fields=["slow_mode_minutes", "slow_mode_reason", "slow_mode_set_by"])
    _audit(actor, current, "slow_mode_set" if minutes else "slow_mode_ended", before,
           {"minutes": minutes, "reason": current.slow_mode_reason})
    return current


@transaction.atomic
def thread_close(*, actor, thread, until, reason="", now=None):
    """Close the thread until `until` (it opens again by itself then), or reopen it now
    (`until` None)."""
    now = now or timezone.now()
    if until is not None and until <= now:
        raise ValidationError({"until": "Choose a time still to come: the thread opens again then."})
    reason = _reason(reason, required=until is not None)
    current = _locked(thread)
    _allowed(actor, current)
    before = {"closed_until": current.closed_until.isoformat() if current.closed_until else None,
              "reason": current.closed_reason}
    current.closed_until, current.closed_reason = until, reason if until else ""
    current.save(update_fields=["closed_until", "closed_reason"])
    _audit(actor, current, "closed" if until else "reopened", before,
           {"closed_until": until.isoformat() if until else None, "reason": current.closed_reason})
    if until is not None:
        record(workspace=current.workspace, actor=actor, verb="forums.thread_closed", target=current,
               summary=f"closed the thread until {format_moment(until)}" + (f": {reason}" if reason else ""))
    return current


@transaction.atomic
def thread_move(*, actor, thread, board):
    """Move the thread to another board of the same workspace (both boards' counters follow)."""
    current = _locked(thread)
    _allowed(actor, current)
    if board.workspace_id != current.workspace_id or board.is_deleted:
        raise ValidationError({"board": "Choose a board of this workspace's forum."})
    if board.pk == current.board_id:
        raise ValidationError({"board": "The thread is already on this board: choose another."})
    _allowed(actor, board, "forums.post_board")
    old = current.board
    current.board = board
    current.save(update_fields=["board"])
    recount_board(old)
    recount_board(board)
    _audit(actor, current, "moved", {"board": old.name}, {"board": board.name})
    record(workspace=current.workspace, actor=actor, verb="forums.thread_moved", target=current,
           summary=f"moved the thread from “{old.name}” to “{board.name}”")
    return current


def parse_range(first, last, thread):
    """The posts a split takes: numbers `first` to `last` (to the end when `last` is empty).
    The first post stays: a thread keeps what it was started with."""
    end = thread.next_number - 1
    last = last or end
    if first < 2:
        raise ValidationError({"first": "Start from post 2 or later: the first post stays with its thread."})
    if first > end:
        raise ValidationError({"first": f"This thread's last post is post {end}."})
    if last < first:
        raise ValidationError({"last": "The last post to move comes after the first one."})
    return first, min(last, end)


@transaction.atomic
def thread_split(*, actor, thread, first, last=None, title, board=None):
    """Split posts `first`..`last` off into a new thread titled `title` (on `board`, the same
    one by default). They keep their authors, texts, dates, states and histories and are
    numbered from 1 in the new thread; answers to posts left behind no longer point at them.
    The old thread gets a post from the moderator linking to the new one. Returns the new thread."""
    title = clean_title(title)
    current = _locked(thread)
    _allowed(actor, current)
    board = board or current.board
    if board.workspace_id != current.workspace_id or board.is_deleted:
        raise ValidationError({"board": "Choose a board of this workspace's forum."})
    first, last = parse_range(first, last, current)
    moving = list(Post.objects.filter(thread=current, number__gte=first, number__lte=last)
                  .order_by("number").only("pk", "number", "author", "created_at"))
    if not moving:
        raise ValidationError({"first": "There are no posts in that range."})
    now = timezone.now()
    opener = moving[0]
    new = Thread.objects.create(
        workspace=current.workspace, board=board, title=title, author_id=opener.author_id,
        created_at=opener.created_at, last_post_at=opener.created_at, next_number=len(moving) + 1,
    )
    shift = first - 1
    moved = Post.objects.filter(pk__in=[p.pk for p in moving])
    # One statement each, whatever the span: numbers are contiguous, so they shift as a block.
    moved.update(thread=new, number=F("number") - shift, client_key="")
    # Answers to posts left behind first (before the others' numbers shift into that range).
    moved.filter(Q(reply_to_number__lt=first) | Q(reply_to_number__gt=last)).update(reply_to=None,
                                                                                  reply_to_number=None)
    moved.filter(reply_to_number__gte=first).update(reply_to_number=F("reply_to_number") - shift)
    # Answers left in the old thread to posts that moved point nowhere now.
    Post.objects.filter(thread=current, reply_to__in=[p.pk for p in moving]).update(reply_to=None,
                                                                                    reply_to_number=None)
    span = f"post {first}" if first == last else f"posts {first} to {last}"
    note = Post(workspace=current.workspace, thread=current, number=current.next_number, author=actor,
                body=f"{span[0].upper()}{span[1:]} moved to a new thread: [{title}]({new.get_absolute_url()}).",
                created_at=now, status=ModerationStatus.PUBLISHED)
    note.save()
    current.next_number += 1
    current.save(update_fields=["next_number"])
    if not Post.objects.filter(thread=new, number=1).exclude(status=ModerationStatus.PENDING).exists():
        Thread.objects.filter(pk=new.pk).update(awaiting_moderation=True)
    recount_thread(current)
    recount_thread(new)
    recount_board(current.board)
    if board.pk != current.board_id:
        recount_board(board)
    _audit(actor, current, "split", {"posts": f"{first}-{last}"}, {"new_thread": new.pk, "title": title})
    record(workspace=current.workspace, actor=actor, verb="forums.thread_split", target=new,
           summary=f"split {span} of “{current.title}” into this thread")
    return new


@transaction.atomic
def thread_delete(*, actor, thread):
    """Delete a thread softly: gone for everyone but the moderators, who may restore it."""
    current = _locked(thread)
    _allowed(actor, current, "forums.delete_thread")
    soft_delete(current, actor=actor, verb="forums.thread_deleted", summary="deleted the thread",
                audit_action="forums.thread_deleted")
    recount_board(current.board)
    return current


@transaction.atomic
def thread_restore(*, actor, thread):
    current = _locked(thread)
    _allowed(actor, current, "forums.delete_thread")
    if not current.is_deleted:
        raise ValidationError("This thread is not deleted.")
    restore(current, actor=actor, verb="forums.thread_restored", summary="restored the thread",
            audit_action="forums.thread_restored")
    recount_board(current.board)
    return current


__all__ = ["thread_close", "thread_delete", "thread_lock", "thread_move", "thread_pin", "thread_restore",
           "thread_slow_mode", "thread_split"]
