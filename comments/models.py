"""Comments on any item a tool declares commentable (Tool(commentable=...)), with replies, reports
and moderation. A horizontal app: it knows items only by content type and id, and asks the
permission layer (the item's own policy) who may see and who may comment."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

MAX_BODY_LENGTH = 10_000
MAX_QUOTE_LENGTH = 500
MAX_REASON_LENGTH = 300
MAX_NOTE_LENGTH = 1000


class Status(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Waiting for a moderator"  # pre-moderation: seen by its author and moderators only
    HIDDEN = "hidden", "Hidden by a moderator"  # shown in place as hidden, with the reason
    REMOVED = "removed", "Removed"  # by its author or a moderator, kept only to hold its replies


class Comment(models.Model):
    """A comment on an item, or a reply to one (`parent`: the comment it answers; replies are
    one level deep, a reply to a reply answers the same comment). Optional anchors: the passage
    it is about (`quote`) and the item's version it was made on."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    body = models.TextField(max_length=MAX_BODY_LENGTH)
    body_html = models.TextField(blank=True, editable=False)
    quote = models.CharField(max_length=MAX_QUOTE_LENGTH, blank=True)
    version_number = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    moderated_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=MAX_REASON_LENGTH, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "created_at"], name="comment_target_idx"),
            models.Index(fields=["workspace", "status"], name="comment_moderation_idx",
                         condition=Q(status="pending")),
        ]

    def __str__(self):
        return f"Comment {self.pk} on {self.target_type_id}:{self.target_id}"

    @property
    def target(self):
        """The item it is on (None if it is gone); selectors set it for a page of comments at once."""
        if not hasattr(self, "_target"):
            model = ContentType.objects.get_for_id(self.target_type_id).model_class()
            items = model._default_manager.select_related("workspace") if model else None
            self._target = items.filter(pk=self.target_id).first() if items is not None else None
        return self._target

    @target.setter
    def target(self, item):
        self._target = item

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def is_pending(self):
        return self.status == Status.PENDING

    @property
    def is_hidden(self):
        return self.status == Status.HIDDEN

    @property
    def is_removed(self):
        return self.status == Status.REMOVED


class Reason(models.TextChoices):
    SPAM = "spam", "Spam or advertising"
    ABUSE = "abuse", "Abusive, offensive or threatening"
    PERSONAL = "personal", "It shares someone's personal information"
    OFF_TOPIC = "off_topic", "Off-topic or disruptive"
    FALSE = "false", "Misleading or false"
    OTHER = "other", "Something else"


class Report(models.Model):
    """Someone's report that a comment breaks the rules, for the workspace's moderators."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True, max_length=MAX_NOTE_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One open report per person and comment: reporting again changes nothing.
            models.UniqueConstraint(fields=["comment", "reporter"], condition=Q(resolved_at__isnull=True),
                                    name="one_open_report_per_person"),
        ]
        indexes = [models.Index(fields=["comment"], condition=Q(resolved_at__isnull=True), name="report_open_idx")]

    def __str__(self):
        return f"Report on comment {self.comment_id} ({self.reason})"


class ModerationSettings(models.Model):
    """A workspace's choice: every new comment waits for a moderator (pre-moderation), or
    comments show at once and moderators act on reports (post-moderation, the default unless a
    tool's Commentable says "pre")."""

    workspace = models.OneToOneField("workspaces.Workspace", on_delete=models.CASCADE, primary_key=True,
                                     related_name="+")
    premoderate = models.BooleanField("new comments wait for a moderator before anyone else sees them",
                                      default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Moderation of {self.workspace_id}"
