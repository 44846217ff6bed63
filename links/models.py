from django.db import models
from django.urls import reverse

from workspaces.models import WorkspaceItem


class Link(WorkspaceItem):
    """A link to an article or web page, with a note and tags."""

    url = models.URLField("web address", max_length=2000)
    title = models.CharField(max_length=200)
    note = models.TextField(blank=True, max_length=5000)
    note_html = models.TextField(blank=True, editable=False)
    tags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="link_ws_recent_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("links:detail", kwargs={"workspace": self.workspace.slug, "pk": self.pk})
