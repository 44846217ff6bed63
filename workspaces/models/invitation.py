import secrets

from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .membership import Role


def new_nonce():
    return secrets.token_hex(16)


class Invitation(models.Model):
    """A single-use, expiring invitation to join a workspace with a role.

    The link token is `<id>-<hmac>`: the HMAC of the id and a random nonce under the secret
    key. Only the nonce is stored, so a database leak alone does not reveal working links,
    and a task can rebuild the link from the row to send it.
    """

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.PositiveSmallIntegerField(choices=Role.choices, default=Role.READER)
    teams = models.ManyToManyField("workspaces.Team", blank=True, related_name="+")
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    invited_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)  # closed: withdrawn, or declined
    # The invited person said no (revoked_at is set too, so every "still open" rule holds).
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["workspace", "email"], name="invitation_ws_email_idx")]

    def __str__(self):
        return f"Invitation for {self.email} to {self.workspace_id}"

    def _signature(self):
        return salted_hmac("engage.invitation", f"{self.pk}:{self.nonce}", algorithm="sha256").hexdigest()[:40]

    @property
    def token(self):
        return f"{self.pk}-{self._signature()}"

    def token_matches(self, signature):
        return constant_time_compare(self._signature(), signature)

    @property
    def status(self):
        if self.accepted_at:
            return "accepted"
        if self.declined_at:
            return "declined"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_usable(self):
        return self.status == "pending"
