"""Forums: boards of threads of numbered posts.

A Board is the workspace item (its item access says who sees it and who may start threads);
threads and posts are seen by whoever sees their board. Counters on the thread and the board
are kept on every write (forums.services), so lists never COUNT posts per row. Unread tracking
costs one row per person and thread they opened (ThreadRead) plus one per person and workspace
("Mark all read": ReadWatermark), never a row per person per post.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.models import RevisionBase, SoftDeletable, WorkspaceItem
from workspaces.kit.moderation import Moderated, ModerationStatus

MAX_NAME_LENGTH = 100
MAX_DESCRIPTION_LENGTH = 1000
MAX_TITLE_LENGTH = 200
MAX_BODY_LENGTH = 50_000  # characters: a long contribution fits, a pasted report does not
MAX_REASON_LENGTH = 300
MAX_SLOW_MODE_MINUTES = 24 * 60
DEFAULT_NEW_MEMBER_DAYS = 7


class Premoderation(models.TextChoices):
    """Whose posts on a board wait for a moderator before anyone else sees them."""

    NOBODY = "nobody", "Nobody: posts show at once"
    EVERYONE = "everyone", "Everyone but managers and moderators"
    NON_STAFF = "non_staff", "Members in none of the workspace's teams (people outside the staff teams)"
    NEW_MEMBERS = "new_members", "New members (who joined in the last few days: set how many below)"


class Board(SoftDeletable, WorkspaceItem):
    """A board of one workspace's forum: a name, a description and a place in the list.
    Its view access limits who sees it (and so its threads); its change access who may edit
    its details. `thread_count`, `post_count` (published posts, first posts included) and the
    last activity are counters kept by forums.services."""

    name = models.CharField(max_length=MAX_NAME_LENGTH)
    description = models.TextField(blank=True, max_length=MAX_DESCRIPTION_LENGTH)
    position = models.PositiveIntegerField(default=0)
    premoderation = models.CharField(
        "posts that wait for a moderator", max_length=12, choices=Premoderation.choices,
        default=Premoderation.NOBODY,
    )
    new_member_days = models.PositiveSmallIntegerField(
        "a member is new for (days)", default=DEFAULT_NEW_MEMBER_DAYS,
    )
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_thread = models.ForeignKey("Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    editable=False)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["workspace", "position", "id"], name="forum_board_order_idx")]

    def __str__(self):
        return self.name

    @property
    def author(self):
        return self.created_by

    def get_absolute_url(self):
        return reverse("forums:board", kwargs={"workspace": self.workspace.slug, "pk": self.pk})

    @property
    def premoderation_phrase(self):
        """Whose posts wait, for a sentence: "posts from new members (who joined in the last 7
        days) wait for a moderator"; "" when nobody's do."""
        return {
            Premoderation.EVERYONE: "everyone but managers and moderators",
            Premoderation.NON_STAFF: "members in none of the workspace's teams",
            Premoderation.NEW_MEMBERS: f"members who joined in the last {self.new_member_days} "
                                       f"day{'s' if self.new_member_days != 1 else ''}",
        }.get(self.premoderation, "")


class Thread(SoftDeletable):
    """A conversation on a board: a title and numbered posts (1 is the first post).

    Counters kept on write: `post_count` (published replies, the first post not counted, so
    0 is "unanswered"), the last published post's time, author and number. `next_number` is
    the number the next post takes (read under the thread's row lock).

    A thread whose first post waits for a moderator (pre-moderation) is `awaiting_moderation`:
    only its author and the moderators see it until the post is approved.

    Moderators set the rest (forums' moderation actions): pinned threads list first; a locked
    thread takes no posts; in slow mode each person waits `slow_mode_minutes` between posts
    (managers and moderators exempt); `closed_until` closes it until then (it reopens by itself:
    compared with now, no job)."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    author = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_at = models.DateTimeField(default=timezone.now, editable=False)
    last_post_author = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+", editable=False)
    last_post_number = models.PositiveIntegerField(default=0, editable=False)
    next_number = models.PositiveIntegerField(default=1, editable=False)
    # Its first post waits for a moderator: only its author and the moderators see the thread.
    awaiting_moderation = models.BooleanField(default=False, editable=False)

    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    locked_reason = models.CharField(max_length=MAX_REASON_LENGTH, blank=True)
    slow_mode_minutes = models.PositiveIntegerField(default=0)
    slow_mode_set_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")
    slow_mode_reason = models.CharField(max_length=MAX_REASON_LENGTH, blank=True)
    closed_until = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=MAX_REASON_LENGTH, blank=True)

    class Meta:
        ordering = ["-is_pinned", "-last_post_at", "-id"]
        indexes = [
            # The board page: pinned first, then by last activity (keyset on these three).
            models.Index(fields=["board", "-is_pinned", "-last_post_at", "-id"], name="forum_thread_board_idx"),
            # "New for me" and the home's latest: a workspace's threads by last activity.
            models.Index(fields=["workspace", "-last_post_at", "-id"], name="forum_thread_recent_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:thread", kwargs={"workspace": self.workspace.slug, "pk": self.pk})

    def is_closed(self, now=None):
        """Closed until a time still to come (after it, the thread is open again by itself)."""
        return self.closed_until is not None and self.closed_until > (now or timezone.now())

    @property
    def reply_count(self):
        return self.post_count


class Post(Moderated):
    """One post of a thread, at `number` (1 = the thread's first post; numbers never change
    and are never reused, so `#post-12` links stay right).

    `body` is Markdown, `body_html` it rendered on save (workspaces.lib.markdown). Every edit
    keeps the previous text as a PostRevision. Removed by its author (status REMOVED) the row
    stays, so the thread keeps its shape; moderators may still read the text. `reply_to_number`
    copies the answered post's number, so a heading says "in reply to post 2" without a join.
    `message_id` (a reply by email) and `client_key` (the reply form's idempotency key) make a
    mail or a form that arrives twice one post."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField()
    author = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=MAX_BODY_LENGTH)
    body_html = models.TextField(blank=True, editable=False)
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reply_to_number = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    edit_count = models.PositiveIntegerField(default=0)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    message_id = models.CharField(max_length=255, blank=True)
    client_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["thread", "number"]
        constraints = [
            # Its index (thread, number) is the thread page's keyset.
            models.UniqueConstraint(fields=["thread", "number"], name="forum_post_number_unique"),
            models.UniqueConstraint(fields=["thread", "message_id"], condition=~Q(message_id=""),
                                    name="forum_post_message_id_unique"),
            models.UniqueConstraint(fields=["thread", "author", "client_key"], condition=~Q(client_key=""),
                                    name="forum_post_client_key_unique"),
        ]
        indexes = [
            # Slow mode: a person's last post in a thread.
            models.Index(fields=["thread", "author", "-created_at"], name="forum_post_author_idx"),
            models.Index(fields=["workspace", "-created_at"], name="forum_post_recent_idx"),
            models.Index(fields=["status"], condition=~Q(status=ModerationStatus.PUBLISHED),
                         name="forum_post_unpublished_idx"),
        ]

    def __str__(self):
        return f"Post {self.number}"

    def save(self, *args, **kwargs):
        # Rendered once here and stored: pages show body_html, never re-render.
        from workspaces.lib.markdown import render_markdown

        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_html = render_markdown(self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forums:post", kwargs={"workspace": self.workspace.slug, "pk": self.thread_id,
                                              "number": self.number})

    @property
    def moderation_label(self):
        return f"post {self.number} in “{self.thread.title}”"

    @property
    def anchor(self):
        return f"post-{self.number}"

    @property
    def is_edited(self):
        return self.edit_count > 0


class PostRevision(RevisionBase):
    """A post's text before one of its edits (`number` counts the post's edits from 1), and
    who edited it. Never changed once written; the author and moderators read them."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="forum_revision_number_unique")]

    def __str__(self):
        return f"Post {self.post_id}, revision {self.number}"


class ThreadRead(models.Model):
    """How far one person has read one thread: written only when they open it (one upsert)."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_read_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="forum_read_one_per_thread")]

    def __str__(self):
        return f"user {self.user_id} read thread {self.thread_id} to {self.last_read_number}"


class ReadWatermark(models.Model):
    """"Everything in this workspace's forums before `read_before` is read" for one person:
    "Mark all read" writes this one row."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    read_before = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "workspace"], name="forum_watermark_one_per_space")]

    def __str__(self):
        return f"user {self.user_id} read all before {self.read_before:%Y-%m-%d %H:%M}"
