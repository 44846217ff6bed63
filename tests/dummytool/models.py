from django.db import models

from workspaces.models import WorkspaceItem


class Note(WorkspaceItem):
    """The simplest possible item: a title, and everything else from WorkspaceItem."""

    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title
