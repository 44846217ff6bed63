from django.conf import settings
from django.db import models


class InboundStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be processed"
    PROCESSING = "processing", "Being processed"
    POSTED = "posted", "Posted"
    REFUSED = "refused", "Refused (the sender was told why)"
    IGNORED = "ignored", "Ignored (an automatic reply, or refused without telling a robot)"
    FAILED = "failed", "Failed (an error; see outcome)"


class InboundMail(models.Model):
    """One message received for a reply address, stored as it came before anything is done
    with it. `message_id` is unique (the Message-ID header, or "sha256:<hash of the bytes>" for
    a message without one): the same mail delivered twice is stored, and so posted, once."""

    message_id = models.CharField(max_length=255, unique=True)
    raw = models.BinaryField()
    envelope_from = models.CharField(max_length=320, blank=True)
    envelope_to = models.JSONField(default=list, blank=True)
    transport = models.CharField(max_length=10)  # "smtp", "lmtp" or "webhook"
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=InboundStatus.choices, default=InboundStatus.PENDING)
    outcome = models.TextField(blank=True)  # why it was refused or ignored, for site admins
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)  # when its processing started (the sweep's clock)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "received_at"], name="inbound_status_idx")]

    def __str__(self):
        return self.message_id
