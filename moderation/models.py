"""The shared moderation queue (workspaces.kit.moderation is the tools' side of the contract):
people's reports on any moderatable item, one queue entry per item that needs a moderator, and
a workspace's pre-moderation switch. Items are known by content type and id only, like comments'
targets; the item's own model keeps its status (kit.moderation.Moderated)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.moderation import MAX_NOTE_LENGTH, ReportReason

EXCERPT_LENGTH = 500


class Outcome(models.TextChoices):
    """How a report or a queue entry was closed."""

    APPROVED = "approve", "Approved"
    HIDDEN = "hide", "Hidden"
    RESTORED = "restore", "Restored"
    DISMISSED = "dismiss", "Reports dismissed"
    WITHDRAWN = "withdrawn", "Removed or deleted meanwhile"


class Report(models.Model):
    """Someone's report that an item breaks the rules, for the workspace's moderators. Reports
    of the same item group together (its open ones are its queue entry's)."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    reporter = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    note = models.TextField(blank=True, max_length=MAX_NOTE_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One open report per person and item: reporting again changes nothing.
            models.UniqueConstraint(fields=["target_type", "target_id", "reporter"],
                                    condition=Q(resolved_at__isnull=True), name="moderation_one_open_report"),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], condition=Q(resolved_at__isnull=True),
                                name="moderation_report_open_idx")]

    def __str__(self):
        return f"Report on {self.target_type_id}:{self.target_id} ({self.reason})"


class Why(models.TextChoices):
    """Why an item is in the queue."""

    PENDING = "pending", "Waiting for approval"
    EDITED = "edited", "Edited by its author since it was hidden"
    HIDDEN = "hidden", "Hidden after reports"
    REPORTED = "reported", "Reported"


WAITING = (Why.PENDING, Why.EDITED)  # a moderator must approve them before anyone else reads them


class QueueEntry(models.Model):
    """One item needing a moderator: kept with what the queue shows (why, how many open reports,
    who wrote it and the text reported), so the queue page, the header count and the daily email
    read this table alone, whatever kinds of item wait. Closed (closed_at) when a moderator acts
    or the item goes; an item back in the queue gets a new entry."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    author = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    why = models.CharField(max_length=10, choices=Why.choices)
    waiting = models.BooleanField(default=False)  # why in WAITING: listed first
    open_reports = models.PositiveIntegerField(default=0)
    excerpt = models.CharField(max_length=EXCERPT_LENGTH, blank=True)
    label = models.CharField(max_length=300, blank=True)  # the item's moderation_label
    item_url = models.CharField(max_length=500, blank=True)  # the item in context (a comment: #comment-12)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["-waiting", "-open_reports", "opened_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id"], condition=Q(closed_at__isnull=True),
                                    name="moderation_one_open_entry"),
        ]
        indexes = [
            # The queue page, the header count and the daily email: a workspace's open entries.
            models.Index(fields=["workspace", "-waiting", "-open_reports", "opened_at"],
                         condition=Q(closed_at__isnull=True), name="moderation_queue_open_idx"),
        ]

    def __str__(self):
        # The activity title moderators read in their notifications (the reported text).
        excerpt = " ".join(self.excerpt.split())
        return f"“{excerpt[:150]}{'…' if len(excerpt) > 150 else ''}”" if excerpt else f"Item {self.target_id}"

    def save(self, *args, **kwargs):
        self.waiting = self.why in WAITING
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("moderation:item", args=[self.workspace.slug, self.target_type_id, self.target_id])

    @property
    def noun(self):
        """What the item is called ("comment"), from its model's Moderatable."""
        from .policies import declared_for

        model = ContentType.objects.get_for_id(self.target_type_id).model_class()
        declared = declared_for(model) if model is not None else None
        return declared.noun if declared else "item"

    @property
    def name(self):
        """The item's moderation_label, as it was when it joined the queue ("post 6 in ...")."""
        return self.label or f"{self.noun} {self.target_id}"

    @property
    def is_open(self):
        return self.closed_at is None


class ModerationSettings(models.Model):
    """A workspace's choice: every new comment (and whatever a tool asks about, through
    kit.moderation.premoderates) waits for a moderator first. The threshold and the moderators
    team are on Workspace, where the permission layer reads them."""

    workspace = models.OneToOneField("workspaces.Workspace", on_delete=models.CASCADE, primary_key=True,
                                     related_name="+")
    premoderate = models.BooleanField("New comments wait for a moderator before anyone else sees them",
                                      default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Moderation of {self.workspace_id}"
