from django.contrib.contenttypes.models import ContentType
from django.db import models


class Activity(models.Model):
    """One thing that happened in a workspace, recorded by a service inside its transaction.

    `verb` is `<app>.<noun>_<past participle>` (e.g. `links.link_created`). Title and URL are
    kept so the feed can be shown without loading every target; visibility is re-checked
    against the live target when shown.
    """

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    verb = models.CharField(max_length=80)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_title = models.CharField(max_length=200, blank=True)
    target_url = models.CharField(max_length=500, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # A workspace's feed, newest first, paged by id (selectors.workspaces.recent_activity):
            # the index gives its rows in order, whatever the other workspaces hold.
            models.Index(fields=["workspace", "-id"], name="activity_ws_newest_idx"),
            models.Index(fields=["target_type", "target_id"], name="activity_target_idx"),
        ]

    def __str__(self):
        return f"{self.verb} {self.target_title}"
