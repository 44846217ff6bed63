import hashlib
import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import models

SECRET_BYTES = 32  # 256 random bits: 43 URL-safe characters


def new_secret():
    return secrets.token_urlsafe(SECRET_BYTES)


def digest_of(secret):
    """What is stored of a secret: its SHA-256. The secret is 256 random bits, so no one can
    guess it or find it again from the digest; a slow password hash would add nothing but cost
    to every feed fetch, whereas this fast one lets a feed be looked up by an indexed, unique
    column, with no comparison in our code for timing to tell anything by."""
    return hashlib.sha256(secret.encode()).hexdigest()


class FeedToken(models.Model):
    """A private feed address (RSS/Atom, iCal) of one person for one scope: the workspace's
    activity, or one item of a tool (`target`, e.g. a diary's calendar); or, with no workspace,
    a scope of the person's own across every workspace (kit.feeds.FeedScope(personal=True):
    their calendar of all their workspaces' events). The secret in the
    address is shown once, when made, and only its digest is kept. A feed reader sends no
    cookie, so the address is the credential; each fetch is checked again as the owner
    (workspaces.permissions.decorators.feed_view) and shows only what they may see now.
    Revoked by its owner (workspaces.kit.feeds); revoked rows are kept, for the audit trail."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    # None: a personal scope (the person's own, across their workspaces; checked per row as them).
    workspace = models.ForeignKey("workspaces.Workspace", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    scope = models.CharField(max_length=60)  # a kit.feeds.FeedScope's name: "workspace_activity"
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    label = models.CharField(max_length=80, blank=True)  # the owner's name for it: "Thunderbird at work"
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "workspace", "scope"], name="feed_token_owner_idx")]

    def __str__(self):
        return self.label or f"Feed address {self.pk}"

    @property
    def is_live(self):
        return self.revoked_at is None

    @property
    def target(self):
        """The scope's object (None for the workspace itself)."""
        if not self.target_type_id:
            return None
        model = self.target_type.model_class()
        return model._default_manager.filter(pk=self.target_id).first() if model else None
