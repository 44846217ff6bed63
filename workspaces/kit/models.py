"""What a tool's models are built from.

    class Page(TitleKeyMixin, SoftDeletable, Versioned, TreeNode, WorkspaceItem):
        title = models.CharField(max_length=200)
        title_key = models.CharField(max_length=600, editable=False)
        text = models.TextField(blank=True)
        ...

    class Revision(RevisionBase):
        page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
        author = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")

- WorkspaceItem: belongs to a workspace, has an author, can be limited for seeing and changing
  (Access, team grants); its policy is ItemPolicy or a subclass (workspaces.permissions).
- SoftDeletable: deleting keeps the row (who, when) for managers to restore; use
  ManagedDeletionPolicy, and kit.services.soft_delete / restore.
- Versioned: `version` goes up by one on every save and edit forms post back the version they
  loaded, so a concurrent change is noticed instead of overwritten (kit.services.save_text).
- TreeNode: a parent and a materialised `path` of ids ("/3/17/42/"): breadcrumbs in one query,
  a subtree is every row whose path starts with its own (wiki pages, folders, forum boards).
- RevisionBase: one saved state of a Versioned item's text, never changed once written.
"""

from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from ..models import Role, Team
from ..models.items import Access, TitleKeyMixin, WorkspaceItem, title_key

__all__ = ["Access", "RevisionBase", "Role", "SoftDeletable", "Team", "TitleKeyMixin", "TreeNode", "Versioned",
           "WorkspaceItem", "title_key"]


class SoftDeletable(models.Model):
    """Deleted softly: the row stays, hidden from everyone but managers, who may restore it."""

    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True

    def mark_deleted(self, actor):
        self.is_deleted, self.deleted_at = True, timezone.now()
        self.deleted_by = actor if getattr(actor, "is_authenticated", False) else None

    def mark_restored(self):
        self.is_deleted, self.deleted_at, self.deleted_by = False, None, None

    DELETION_FIELDS = ("is_deleted", "deleted_at", "deleted_by")


class Versioned(models.Model):
    """An item whose saves are counted, so that no save overwrites another unseen."""

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True


class TreeNode(models.Model):
    """A node of a tree of one workspace. `path` holds the ids of its ancestors and itself,
    "/3/17/42/": set it with place() after the first save (the id is needed)."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, editable=False, blank=True)

    class Meta:
        abstract = True

    @property
    def ancestor_ids(self):
        """Ids of the ancestors, top first (from `path`, no query)."""
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    @property
    def depth(self):
        """1 at the top of the tree."""
        return len(self.ancestor_ids) + 1

    def place(self):
        """Set and save `path` under the current parent (a node just created)."""
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        type(self).objects.filter(pk=self.pk).update(path=self.path)

    def subtree(self):
        """The node and everything under it (one workspace's rows)."""
        return type(self).objects.filter(workspace_id=self.workspace_id, path__startswith=self.path)

    def subtree_height(self):
        """Levels from this node down to its deepest descendant (1 for a leaf): one query."""
        paths = self.subtree().values_list("path", flat=True)
        return max(p.count("/") for p in paths) - self.path.count("/") + 1

    def is_under(self, other):
        """Whether this node is `other` or one of its descendants."""
        return self.path.startswith(other.path)

    def move_under(self, parent):
        """Put the node (and its subtree) under `parent` (None: the top); the caller saves the
        node itself. Descendants' paths are rewritten in one UPDATE."""
        old_path = self.path
        self.parent = parent
        self.path = f"{parent.path if parent else '/'}{self.pk}/"
        type(self).objects.filter(workspace_id=self.workspace_id, path__startswith=old_path).exclude(pk=self.pk).update(
            path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
        )


class RevisionBase(models.Model):
    """One saved state of an item's text (a wiki revision, a document version). Subclasses add
    the FK to their item (related_name of their choice) and who saved it; `SAVED_BY` names that
    field, so the kit can say whose changes were merged."""

    SAVED_BY = "author"

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    text = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["-number"]

    @property
    def saved_by(self):
        return getattr(self, self.SAVED_BY)
