"""Text kept so that nothing typed is lost (workspaces.kit.drafts)."""

from django.db import models


class Draft(models.Model):
    """What someone is writing in an editor, saved as they type: one per person per form
    (`key`, e.g. "w3:wikis:edit:42"), restored into the editor when they come back to it and
    deleted when the form is saved. Only ever shown to its writer."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("workspaces.Workspace", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    key = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    base_version = models.PositiveIntegerField(null=True, blank=True)  # the item's version it was written on
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="draft_one_per_person_and_form")]
        indexes = [models.Index(fields=["saved_at"], name="draft_saved_at_idx")]

    def __str__(self):
        return self.key


class FormStash(models.Model):
    """A form posted when it could not be saved — its writer had been signed out, or its CSRF
    token had expired — kept under a random token (only its hash is stored) for a short while,
    so that after signing in the form opens again with what they typed. Text fields only:
    never files, passwords or tokens. Not bound to a session (the session is gone) but to the
    browser (a cookie) and, when known, the person; used once."""

    class Reason(models.TextChoices):
        SIGNED_OUT = "signed_out", "Signed out"
        EXPIRED_FORM = "expired_form", "The form's security token had expired"

    token_hash = models.CharField(max_length=64, unique=True)
    path = models.CharField(max_length=500)
    data = models.JSONField(default=dict)  # {field name: [values]}, as posted
    size = models.PositiveIntegerField(default=0)  # characters kept, for the caps
    reason = models.CharField(max_length=20, choices=Reason.choices)
    user = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    browser_hash = models.CharField(max_length=64)
    client_hash = models.CharField(max_length=64)  # keyed hash of the address it came from, for the cap
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="formstash_expires_idx"),
                   models.Index(fields=["client_hash", "expires_at"], name="formstash_client_idx")]

    def __str__(self):
        return self.path
