"""The document library: folders, documents (uploaded files or written here), their versions,
co-authors, comments (in a window, if one is set), reviews and check-out locks."""

from uuid import uuid4

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.models import (
    Phase,
    Phrases,
    RevisionBase,
    SoftDeletable,
    TitleKeyMixin,
    TreeNode,
    Versioned,
    Window,
    WorkspaceItem,
    window_indexes,
)

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 2000
MAX_TEXT_LENGTH = 500_000  # characters of a written document
MAX_NOTE_LENGTH = 300
MAX_COMMENT_LENGTH = 10_000
MAX_FOLDER_DEPTH = 8


class Folder(TitleKeyMixin, TreeNode, models.Model):
    """A folder of a workspace's library. Folders form a tree (TreeNode: `parent`, and `path`
    holding the ids of the ancestors and the folder itself, "/3/17/"), so breadcrumbs cost one
    query. Anyone who may see the library sees its folders; documents carry their own access."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    title_key = models.CharField(max_length=600, editable=False)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "parent", "title_key"], name="doc_folder_title_unique"),
            models.UniqueConstraint(fields=["workspace", "title_key"], condition=Q(parent__isnull=True),
                                    name="doc_folder_title_unique_at_top"),
        ]
        indexes = [models.Index(fields=["workspace", "parent", "title_key"], name="doc_folder_tree_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:folder", kwargs={"workspace": self.workspace.slug, "folder_id": self.pk})


class Kind(models.TextChoices):
    FILE = "file", "Uploaded file"
    WRITTEN = "written", "Written here"


class ReviewStatus(models.TextChoices):
    NONE = "none", "Not reviewed"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"


class CommentWindow(Window):
    """When a document takes comments: the kit's Window, its fields named for comments. A
    document circulated "for comments until 15 January 2027" has comments_close_at set; with
    neither date comments are always open."""

    WINDOW_FIELDS = ("comments_open_at", "comments_close_at", "comments_phase")
    WINDOW_PHRASES = Phrases(
        not_yet_open="Comments open on {opens}",
        not_yet_open_until="Comments open on {opens} and close on {closes}",
        open_until="Comments open until {closes}",
        closed="Comments closed on {closes}",
    )

    opens_at = closes_at = window_phase = None
    comments_open_at = models.DateTimeField("comments open from", null=True, blank=True)
    comments_close_at = models.DateTimeField("comments close at", null=True, blank=True)
    comments_phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.OPEN, editable=False)

    class Meta:
        abstract = True


class Document(TitleKeyMixin, SoftDeletable, Versioned, CommentWindow, WorkspaceItem):
    """A document in a library: an uploaded file (each upload a new Version, the old ones
    kept) or a document written here in Markdown by its co-authors (each save a Version;
    the editor posts back the version it loaded, so no save overwrites another unseen).

    What a listing shows is copied onto the row (the current file's name, size and type; the
    review status; who holds the lock), so a folder of 1,000 documents is one query a page.
    Deleting is soft: only managers see deleted documents, and can restore them.
    """

    folder = models.ForeignKey(Folder, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FILE)
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    title_key = models.CharField(max_length=600, editable=False)
    description = models.TextField(blank=True, max_length=MAX_DESCRIPTION_LENGTH)
    description_html = models.TextField(blank=True, editable=False)
    text = models.TextField(blank=True)  # a written document's Markdown
    html = models.TextField(blank=True, editable=False)  # ... rendered and sanitised once, on save
    file_name = models.CharField(max_length=255, blank=True)  # the current version's (safe) name
    file_size = models.PositiveBigIntegerField(default=0)
    file_type = models.CharField(max_length=100, blank=True)  # MIME type found from the content
    locked_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    locked_at = models.DateTimeField(null=True, blank=True)
    review_status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NONE)

    class Meta:
        ordering = ["title_key", "id"]
        constraints = [
            # Two live documents in one folder may not share a title (NULL folders never compare
            # equal, so the top of the library has its own rule).
            models.UniqueConstraint(fields=["workspace", "folder", "title_key"], condition=Q(is_deleted=False),
                                    name="document_title_unique_in_folder"),
            models.UniqueConstraint(fields=["workspace", "title_key"],
                                    condition=Q(is_deleted=False, folder__isnull=True),
                                    name="document_title_unique_at_top"),
        ]
        indexes = [models.Index(fields=["workspace", "folder", "title_key"], name="document_folder_idx"),
                   # The home's "latest": newest changes first, read off the index, not sorted.
                   models.Index(fields=["workspace", "-updated_at", "-id"], name="document_recent_idx"),
                   *window_indexes("doc_comments", CommentWindow.WINDOW_FIELDS)]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"workspace": self.workspace.slug, "pk": self.pk})

    @property
    def is_file(self):
        return self.kind == Kind.FILE

    @property
    def is_written(self):
        return self.kind == Kind.WRITTEN


def version_file_key(version, filename):
    """Where a version's file is stored: nothing the uploader chose is in the key (their file's
    name is kept, made safe, in Version.file_name and sent back only in downloads)."""
    return f"documents/{version.workspace_id}/{uuid4().hex}"


class Version(RevisionBase):
    """One version of a document, never changed once written: an uploaded file, or a written
    document's title and text as saved."""

    SAVED_BY = "created_by"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=MAX_NOTE_LENGTH, blank=True)
    file = models.FileField(upload_to=version_file_key, max_length=255, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    file_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=MAX_TITLE_LENGTH, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]

    def __str__(self):
        return f"{self.document_id} v{self.number}"


class CoAuthor(models.Model):
    """A person credited as an author of a document: named by its author, or added on saving
    a version."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="coauthors")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "user"], name="document_coauthor_unique")]

    def __str__(self):
        return f"{self.user_id} on {self.document_id}"


class Review(models.Model):
    """A request to named members to review one version of a document by a date."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for reviewers"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        CANCELLED = "cancelled", "Withdrawn"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    version_number = models.PositiveIntegerField()
    requested_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    due_on = models.DateField()
    message = models.TextField(blank=True, max_length=MAX_DESCRIPTION_LENGTH)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["document", "-created_at"], name="document_review_idx")]

    def __str__(self):
        return f"Review of {self.document_id} v{self.version_number}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class Reviewer(models.Model):
    """One person asked to review, and their answer."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Not answered yet"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Asked for changes"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField(blank=True, max_length=MAX_COMMENT_LENGTH)
    comment_html = models.TextField(blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="document_reviewer_unique")]
        indexes = [models.Index(fields=["user", "decision"], name="document_reviewer_user_idx")]

    def __str__(self):
        return f"{self.user_id} reviewing {self.review_id}"
