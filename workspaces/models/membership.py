from django.db import models


class Role(models.IntegerChoices):
    """Ordered: a higher role has every capability of a lower one."""

    READER = 10, "Reader"
    CONTRIBUTOR = 20, "Contributor"
    MANAGER = 30, "Manager"


class Membership(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="memberships")
    role = models.PositiveSmallIntegerField(choices=Role.choices, default=Role.READER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user")]
        indexes = [models.Index(fields=["workspace", "role"], name="membership_ws_role_idx")]

    def __str__(self):
        return f"{self.user} in {self.workspace} ({self.get_role_display()})"
