"""Comments on any item a tool declares commentable (Tool(commentable=...)), with replies. A
horizontal app: it knows items only by content type and id, and asks the permission layer (the
item's own policy) who may see and who may comment. Reports, the queue and hiding with a reason
are the moderation app's (workspaces.kit.moderation): a comment is one more moderatable item."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from workspaces.kit.moderation import MAX_REASON_LENGTH, Moderated, ModerationStatus  # noqa: F401

MAX_BODY_LENGTH = 10_000
MAX_QUOTE_LENGTH = 500

# pending: pre-moderation, seen by its author and moderators only; hidden: shown in place as
# hidden, with the reason; removed: by its author or a moderator, kept only to hold its replies.
Status = ModerationStatus


class Comment(Moderated, models.Model):
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

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "created_at"], name="comment_target_idx"),
            models.Index(fields=["workspace", "status"], name="comment_moderation_idx",
                         condition=Q(status="pending")),
        ]

    def __str__(self):
        return f"Comment {self.pk} on {self.target_type_id}:{self.target_id}"

    def get_absolute_url(self):
        """The comment in its place, under its item (the moderation queue's link in context)."""
        item = self.target
        return f"{item.get_absolute_url()}#comment-{self.pk}" if item is not None else ""

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
