from django.db import models
from django.db.models import Q
from django.urls import reverse

from workspaces.kit.models import RevisionBase, SoftDeletable, TitleKeyMixin, TreeNode, Versioned, WorkspaceItem

MAX_TITLE_LENGTH = 200
MAX_TEXT_LENGTH = 500_000  # characters; a long report fits, a pasted database dump does not
MAX_SUMMARY_LENGTH = 300
MAX_DEPTH = 10  # pages nested at most this deep (keeps breadcrumbs and `path` short)


class Page(TitleKeyMixin, SoftDeletable, Versioned, TreeNode, WorkspaceItem):
    """A wiki page. One wiki per workspace: its pages form a tree through `parent`.

    `text` is the current Markdown; `html` is it rendered (once, on save) with [[wiki links]]
    left as placeholders that are resolved when shown (wikis.markup), so that a page created
    later turns earlier "missing" links into real ones. Every save adds a Revision and moves
    `version` on; the editor posts back the version it loaded, so no save overwrites another
    unseen. Deleting is soft (`is_deleted`): only managers see deleted pages, and can restore them.
    """

    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    title_key = models.CharField(max_length=600, editable=False)
    slug = models.SlugField(max_length=100)
    # parent and path (TreeNode): the ids of the ancestors and the page itself, "/3/17/42/":
    # breadcrumbs in one query, and a subtree is everything whose path starts with the page's.
    text = models.TextField(blank=True)
    html = models.TextField(blank=True, editable=False)
    toc = models.JSONField(default=list, blank=True, editable=False)  # [[level, anchor, heading text], ...]

    class Meta:
        ordering = ["title_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "slug"], name="wiki_page_slug_unique"),
            # Two live pages in one parent may not share a title (deleted ones do not count);
            # top-level pages need their own rule because NULL parents never compare equal.
            models.UniqueConstraint(
                fields=["workspace", "parent", "title_key"], condition=Q(is_deleted=False),
                name="wiki_page_title_unique_in_parent",
            ),
            models.UniqueConstraint(
                fields=["workspace", "title_key"], condition=Q(is_deleted=False, parent__isnull=True),
                name="wiki_page_title_unique_at_top",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "title_key"], name="wiki_page_title_idx"),
            models.Index(fields=["workspace", "parent", "title_key"], name="wiki_page_tree_idx"),
            # The home's "latest": newest changes first, read off the index, not sorted.
            models.Index(fields=["workspace", "-updated_at", "-id"], name="wiki_page_recent_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("wikis:page", kwargs={"workspace": self.workspace.slug, "slug": self.slug})


class Revision(RevisionBase):
    """One saved state of a page: its title and text as they were (and, like the page, its text
    rendered, `html` and `toc`), who saved it and why.
    Never changed once written; restoring an old revision adds a new one. (`workspace` is
    copied from the page so that "recent changes" is one indexed scan per workspace.)"""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    author = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.CharField(max_length=MAX_SUMMARY_LENGTH, blank=True)
    toc = models.JSONField(default=list, blank=True, editable=False)  # the page's `toc` for this text

    class Meta:
        ordering = ["-number"]
        constraints = [
            # Its index (page, number) also serves the history, newest first (scanned backwards).
            models.UniqueConstraint(fields=["page", "number"], name="wiki_revision_number_unique"),
        ]
        indexes = [
            models.Index(fields=["workspace", "-created_at"], name="wiki_revision_recent_idx"),
            # Counts "recent changes" (revisions of the pages a reader may see) from the index alone,
            # not a scan of the revisions' texts.
            models.Index(fields=["workspace", "page"], name="wiki_revision_page_idx"),
        ]

    def __str__(self):
        return f"{self.title} (revision {self.number})"


class PageRedirect(models.Model):
    """An old address (and old title) of a renamed page, so that links to it keep working:
    /wikis/old-slug/ redirects, and [[Old title]] still finds the page."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    old_slug = models.SlugField(max_length=100, blank=True)  # blank: the title changed, the address did not
    old_title_key = models.CharField(max_length=600, blank=True)
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "old_slug"], condition=~Q(old_slug=""), name="wiki_redirect_slug_unique"
            ),
        ]
        indexes = [models.Index(fields=["workspace", "old_title_key"], name="wiki_redirect_title_idx")]

    def __str__(self):
        return f"{self.old_slug} → {self.page_id}"
