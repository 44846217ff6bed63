"""Reads for the forums. Every list starts from the permission layer's visible(..., within=),
reads counters rather than counting posts, and costs a fixed number of queries whatever the
number of boards, threads or posts (tests/forums/test_queries.py holds them to it)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import Http404

from workspaces import permissions
from workspaces.kit.follows import followed_by
from workspaces.kit.selectors import get_item, number_or_404

from .models import Board, Post, PostRevision, ReadWatermark, Thread, ThreadRead
from .policies import moderates

THREAD_ORDER = ("is_pinned", "last_post_at", "id")  # descending: pinned first, then the latest activity
RECENT_ORDER = ("last_post_at", "id")  # descending
UNKNOWN = object()  # a watermark not read yet
FILTERS = {"unanswered": "Unanswered", "mine": "Started by me", "followed": "Followed"}
STAFF_FILTERS = {**FILTERS, "deleted": "Deleted"}  # moderators also see the threads deleted


# --- Boards ----------------------------------------------------------------------------------------


def boards(user, workspace):
    """The boards the person may see, in their order, with their last thread (for "last post
    by ... in ..."): one query."""
    return (permissions.visible(user, Board.objects.all(), within=workspace)
            .select_related("last_thread", "last_thread__last_post_author").order_by("position", "id"))


def get_board(user, workspace, pk, perm="forums.view_board", deleted="hide"):
    found = Board.objects.filter(workspace=workspace, pk=number_or_404(pk)).select_related("created_by")
    return get_item(user, found, perm, deleted=deleted, workspace=workspace)


def deleted_boards(user, workspace):
    return (permissions.visible(user, Board.objects.all(), within=workspace)
            .filter(is_deleted=True).select_related("deleted_by").order_by("-deleted_at"))


# --- Threads --------------------------------------------------------------------------------------


def board_threads(user, board, show=""):
    """The threads of a board the person may see, for keyset paging with THREAD_ORDER
    (descending), narrowed by one of FILTERS."""
    threads = (permissions.visible(user, Thread.objects.all(), within=board)  # the board decided once
               .select_related("author", "last_post_author"))
    # Deleted threads are listed only under "Deleted" (only moderators see any).
    threads = threads.filter(is_deleted=show == "deleted")
    if show == "unanswered":
        threads = threads.filter(post_count=0)
    elif show == "mine":
        threads = threads.filter(author=user.pk) if user.is_authenticated else threads.none()
    elif show == "followed":
        threads = followed_by(user, threads)
    return threads


def get_thread(user, workspace, pk, perm="forums.view_thread", deleted="hide"):
    """The thread `pk` of this workspace, with its board, if the person holds `perm` on it."""
    found = (Thread.objects.filter(workspace=workspace, pk=number_or_404(pk))
             .select_related("board", "author", "slow_mode_set_by"))
    thread = found.first()
    if thread is None or (thread.board.is_deleted and deleted == "hide"):
        raise Http404("Not found.")
    thread.workspace = thread.board.workspace = workspace
    return get_item(user, thread, perm, deleted=deleted, workspace=workspace)


def new_for_me(user, workspace, watermark=UNKNOWN):
    """The threads of the workspace's boards with posts the person has not read: newer than
    their "Mark all read" watermark, and past their marker in the thread (or never opened).
    Newest activity first (keyset with RECENT_ORDER, descending); the watermark bounds the scan
    (`watermark`: read_before's answer, when the caller has it already)."""
    threads = permissions.visible(user, Thread.objects.all(), within=workspace)
    if not user.is_authenticated:
        return threads.none()
    if watermark is UNKNOWN:
        watermark = read_before(user, workspace)
    if watermark is not None:
        threads = threads.filter(last_post_at__gt=watermark)
    read_all = ThreadRead.objects.filter(user=user.pk, thread=OuterRef("pk"),
                                         last_read_number__gte=OuterRef("last_post_number"))
    return (threads.filter(last_post_number__gt=0).filter(~Exists(read_all))
            .select_related("board", "last_post_author"))


def read_before(user, workspace):
    if not user.is_authenticated:
        return None
    return (ReadWatermark.objects.filter(user=user.pk, workspace=workspace)
            .values_list("read_before", flat=True).first())


@dataclass
class Unread:
    """What one person has read of one thread: `number` the last post read (0: nothing yet,
    or read only up to the watermark), `all_before` the watermark."""

    number: int = 0
    all_before: object = None

    def new_in(self, thread):
        """How many posts of `thread` are new for them (from the counters, no COUNT): 0 when
        it is all read; for a thread never opened, every post since the watermark."""
        if self.all_before is not None and thread.last_post_at <= self.all_before:
            return 0
        return max(0, thread.last_post_number - self.number)

    def is_unread(self, post):
        if post.number <= self.number:
            return False
        return self.all_before is None or post.created_at > self.all_before


def unread_for(user, workspace, threads, watermark=UNKNOWN):
    """{thread id: Unread} for a page of threads: two queries (markers, and the watermark unless
    the caller passes read_before's answer)."""
    if not user.is_authenticated:
        return {}
    ids = [t.pk for t in threads]
    marks = dict(ThreadRead.objects.filter(user=user.pk, thread__in=ids).values_list("thread_id", "last_read_number"))
    if watermark is UNKNOWN:
        watermark = read_before(user, workspace)
    return {pk: Unread(marks.get(pk, 0), watermark) for pk in ids}


def attach_new_counts(user, workspace, threads, watermark=UNKNOWN):
    """Put `new_count` ("3 new") on each thread of a page."""
    threads = list(threads)
    unread = unread_for(user, workspace, threads, watermark)
    for thread in threads:
        thread.new_count = unread[thread.pk].new_in(thread) if thread.pk in unread else 0
        thread.never_opened = thread.pk in unread and unread[thread.pk].number == 0
    return threads


# --- Posts ----------------------------------------------------------------------------------------


def thread_posts(user, thread, first, last):
    """The posts of `thread` numbered first..last the person may see (their own pending posts,
    every one for moderators), in order: one range on the (thread, number) index. The thread is
    decided once (visible within the thread), so the query holds no subquery for the board."""
    posts = permissions.visible(user, Post.objects.all(), within=thread)
    posts = list(posts.filter(number__range=(first, last)).select_related("author").order_by("number"))
    for post in posts:
        post.thread, post.workspace = thread, thread.workspace  # (loaded: no query per post)
    return posts


def first_unread_number(user, thread, unread):
    """The number of the first post the person has not read (None: all read)."""
    if unread.new_in(thread) == 0:
        return None
    posts = permissions.visible(user, Post.objects.all(), within=thread).filter(number__gt=unread.number)
    if unread.all_before is not None:
        posts = posts.filter(created_at__gt=unread.all_before)
    return posts.order_by("number").values_list("number", flat=True).first()


def get_post(user, workspace, thread_pk, number, perm="forums.view_post"):
    found = (Post.objects.filter(workspace=workspace, thread_id=number_or_404(thread_pk),
                                 number=number_or_404(number))
             .select_related("thread", "thread__board", "author"))
    post = found.first()
    if post is None or post.thread.board.is_deleted:
        raise Http404("Not found.")
    post.thread.workspace = post.thread.board.workspace = workspace
    return get_item(user, post, perm, workspace=workspace)


def post_revisions(post):
    """Every earlier text of a post, oldest first (the history page)."""
    return list(PostRevision.objects.filter(post=post).select_related("author").order_by("number"))


def quoted_post(user, thread, number):
    """The post `number` of `thread` for a quote-reply, if the person may see it and it says
    something (not hidden, removed or waiting) — else None."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        return None
    if not 0 < number < 2**31:
        return None
    posts = permissions.visible(user, Post.objects.filter(number=number), within=thread)
    post = posts.select_related("author").first()
    return post if post is not None and post.is_published else None


def may_see_hidden_text(user, access, post):
    """Whether the person may read a hidden or removed post's text: its author and moderators."""
    return moderates(access) or (user.is_authenticated and post.author_id == user.pk)


def latest_threads(user, workspace, limit):
    return (permissions.visible(user, Thread.objects.all(), within=workspace)
            .select_related("board", "last_post_author").order_by("-last_post_at", "-id")[:limit])
