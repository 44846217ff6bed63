from django.db import models

from workspaces.kit.models import Window
from workspaces.models import WorkspaceItem


class Note(Window, WorkspaceItem):
    """The simplest possible item: a title, and everything else from WorkspaceItem; a window
    and a status for the kit's lifecycles and transitions."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title
