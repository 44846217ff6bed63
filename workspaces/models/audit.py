from django.db import models


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only.")


class AuditEntry(models.Model):
    """An append-only record of a security-relevant change: roles, membership, settings.

    Write through workspaces.audit.audit(); rows are never updated or deleted.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=80)
    workspace = models.ForeignKey(
        "workspaces.Workspace", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    organisation = models.ForeignKey(
        "workspaces.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=254, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        # The audit log's order exactly (ORDER BY at DESC, id DESC), and with a filter by action.
        indexes = [models.Index(fields=["workspace", "-at", "-id"], name="audit_ws_newest_idx"),
                   models.Index(fields=["workspace", "action", "-at", "-id"], name="audit_ws_action_idx"),
                   # The home's checklist asks whether the tools were ever chosen: without this, a
                   # busy workspace's every settings change is read to find none did (16 ms at L).
                   models.Index(fields=["workspace"], name="audit_ws_chose_tools_idx",
                                condition=models.Q(action="workspace.settings_changed",
                                                   after__has_key="enabled_tools"))]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")
