from django.contrib.contenttypes.models import ContentType
from django.db import models


class Reminder(models.Model):
    """A message due at a time ("the survey closes tomorrow"), scheduled by a tool through
    workspaces.reminders and sent once by the notifications app's beat task."""

    class Audience(models.TextChoices):
        MEMBERS = "members", "Every member who may see the item"
        MANAGERS = "managers", "The workspace's managers"
        RECIPIENTS = "recipients", "The members named in `recipients` (who may see the item)"
        FOLLOWERS = "followers", "The members following the item (who may see it)"

    key = models.CharField(max_length=150, unique=True)  # the tool's own name for it: "surveys.closing:42"
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    subject = models.CharField(max_length=150)
    message = models.TextField(blank=True, max_length=2000)
    url = models.CharField(max_length=500, blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.MEMBERS)
    recipients = models.JSONField(default=list, blank=True)  # user ids, for Audience.RECIPIENTS
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    # A tool's function "app.module.name", called when the reminder goes out with (reminder, user
    # ids) and returning {user id: {"subject", "message", "url"}}: what each person is told, and
    # who is still due (anyone left out is skipped). Empty: one text for everyone.
    personalise = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)  # claimed for sending: never sent twice

    class Meta:
        indexes = [models.Index(fields=["due_at"], condition=models.Q(sent_at__isnull=True),
                                name="reminder_due_idx")]

    def __str__(self):
        return self.key
