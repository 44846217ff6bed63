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
- Window: open from `opens_at` until `closes_at` (both optional), with the phase people were
  last told of (`window_phase`, advanced by a kit.lifecycles.Lifecycle); window_state(now),
  is_open(now), window_phrase(now) ("Open until 15 January 2027, 17:00", site time) and
  validation (closes after it opens). A model whose window is one part of it names its own
  fields in WINDOW_FIELDS (a document's comments_open_at, comments_close_at, comments_phase);
  window_indexes() gives the partial indexes its lifecycle's queries use.
"""

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from ..models import Role, Team
from ..models.items import Access, TitleKeyMixin, WorkspaceItem, title_key
from .lifecycles import Phase, Phrases, Span

__all__ = ["Access", "Phase", "Phrases", "RevisionBase", "Role", "SoftDeletable", "Team", "TitleKeyMixin", "TreeNode",
           "Versioned", "Window", "WorkspaceItem", "title_key", "window_indexes"]


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
        """Set and save `path` under the current parent (a node just created). The parent's path
        is read as saved now, not from the object the caller holds: the parent may have been moved
        since it was loaded (the insert waited for that move, which locks the rows it rewrites)."""
        parent_path = "/"
        if self.parent_id:
            parent_path = type(self)._default_manager.filter(pk=self.parent_id).values_list("path", flat=True).get()
            if self._meta.get_field("parent").is_cached(self):
                self.parent.path = parent_path
        self.path = f"{parent_path}{self.pk}/"
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
        node itself. Descendants' paths are rewritten in one UPDATE. Read both with
        kit.services.locked_for_move first (the rows locked in a fixed order, no loops)."""
        old_path = self.path
        self.parent = parent
        self.path = f"{parent.path if parent else '/'}{self.pk}/"
        type(self).objects.filter(workspace_id=self.workspace_id, path__startswith=old_path).exclude(pk=self.pk).update(
            path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
        )


class RevisionBase(models.Model):
    """One saved state of an item's text (a wiki revision, a document version). Subclasses add
    the FK to their item (related_name of their choice) and who saved it; `SAVED_BY` names that
    field, so the kit can say whose changes were merged.

    `html` is the text rendered (and sanitised) when the revision was written, usually the
    item's own `html` of that moment: an old revision is shown from it, never rendered per view."""

    SAVED_BY = "author"

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-number"]

    @property
    def saved_by(self):
        return getattr(self, self.SAVED_BY)


class Window(models.Model):
    """Open from `opens_at` (empty: from the start) until `closes_at` (empty: for good). What
    the dates say now is the truth (policies refuse contributing outside it on the minute);
    `window_phase` is what people were last told, moved on by the item's Lifecycle.

    A model with a window for one of its parts renames the fields: set the inherited ones to
    None, declare its own and name them in WINDOW_FIELDS (opens, closes, phase)."""

    WINDOW_FIELDS = ("opens_at", "closes_at", "window_phase")
    WINDOW_PHRASES = Phrases()

    opens_at = models.DateTimeField("opens at", null=True, blank=True)
    closes_at = models.DateTimeField("closes at", null=True, blank=True)
    window_phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.OPEN, editable=False)

    class Meta:
        abstract = True

    @property
    def window(self):
        """The window as a kit.lifecycles.Span (state, phrase, refusal, check)."""
        opens, closes, _ = self.WINDOW_FIELDS
        return Span(getattr(self, opens), getattr(self, closes), self.WINDOW_PHRASES)

    def window_state(self, now=None):
        """Phase.NOT_YET_OPEN, OPEN or CLOSED, from the dates."""
        return self.window.state(now)

    def is_open(self, now=None):
        return self.window.is_open(now)

    def window_phrase(self, now=None):
        return self.window.phrase(now)

    def clean(self):
        super().clean()
        self.window.check(self.WINDOW_FIELDS[:2])


def window_indexes(prefix, fields=Window.WINDOW_FIELDS):
    """Partial indexes for a Lifecycle's three questions (whose window closed, has yet to open,
    or opened again), each over the few rows with a window: put them in the model's Meta.indexes."""
    opens, closes, phase = fields
    return [
        models.Index(fields=[closes], condition=Q(**{f"{closes}__isnull": False}), name=f"{prefix}_closes_idx"),
        models.Index(fields=[opens], condition=Q(**{f"{opens}__isnull": False}), name=f"{prefix}_opens_idx"),
        models.Index(fields=[phase], condition=~Q(**{phase: Phase.OPEN}), name=f"{prefix}_phase_idx"),
    ]
