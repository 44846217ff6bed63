from django.db import models
from django.utils import timezone


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent: nothing left to tell"
    FAILED = "failed", "Failed"


class OutboundEmail(models.Model):
    """The outbox: every email the platform sends is a row (workspaces.mail).

    A row is written in the same transaction as what it reports; a task sends it after commit,
    and the sweep re-enqueues rows a lost task left behind. The unique idempotency key (kind,
    recipient, event or period) makes every send at most once. `kind` names a registered mail
    kind (workspaces.mail.register_kind), whose builder turns the row into a message; `ref_id`
    is what the row is about, for that kind (a notification, an invitation, a licence...)."""

    idempotency_key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=40)
    # An account, or (people without one yet, such as invitees) a bare address.
    recipient = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    address = models.EmailField(blank=True)
    ref_id = models.PositiveBigIntegerField(null=True, blank=True)
    period = models.DateField(null=True, blank=True)  # digests: the day (or week's Monday) covered
    payload = models.JSONField(default=dict, blank=True)  # what to say, when decided as the row is written
    subject = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When its sending task was last handed to the broker: rows are queued as they are written
    # (on commit), and set back to NULL if the broker could not take the task (see mail.sweep).
    queued_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], condition=~models.Q(status__in=["sent", "skipped"]),
                         name="mail_outbox_unsent_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(recipient__isnull=False) | ~models.Q(address=""),
                                   name="mail_outbox_has_a_recipient"),
        ]

    def __str__(self):
        return self.idempotency_key

    @property
    def to_address(self):
        """Whom it is for, as shown to site admins."""
        return self.recipient.email if self.recipient_id else self.address
