"""Reads for the library. Every list of documents starts from the permission layer's
visible(); deleted documents are left out except from the managers' list of them."""

from django.db.models import Q
from django.http import Http404

from workspaces import permissions
from workspaces.kit import selectors as kit_selectors
from workspaces.kit.selectors import get_item, number_or_404

from .models import CoAuthor, Document, Folder, Review, Reviewer

MAX_SEARCH_WORDS = 10
WAITING_SHOWN = 5
# A listing never needs a document's text or renderings.
_LIST_DEFER = ("text", "html", "description", "description_html")


def live_documents(user, workspace):
    return permissions.visible(user, Document.objects.filter(is_deleted=False), within=workspace)


def folder_documents(user, workspace, folder):
    """The documents of one folder (or the top of the library), ready for a list page: one
    query a page, whatever the folder holds (what a row shows is on the document row)."""
    return (
        live_documents(user, workspace).filter(folder=folder).defer(*_LIST_DEFER)
        .select_related("updated_by", "locked_by").order_by("title_key", "id")
    )


def subfolders(workspace, folder):
    return Folder.objects.filter(workspace=workspace, parent=folder).order_by("title_key", "id")


def search(user, workspace, query):
    """Documents whose title, description, text or file name has every word of the query."""
    documents = live_documents(user, workspace)
    for word in query.split()[:MAX_SEARCH_WORDS]:
        documents = documents.filter(Q(title__icontains=word) | Q(description__icontains=word)
                                     | Q(text__icontains=word) | Q(file_name__icontains=word))
    return documents.defer(*_LIST_DEFER).select_related("updated_by", "locked_by", "folder").order_by("title_key", "id")


def get_folder(workspace, folder_id):
    folder = Folder.objects.filter(workspace=workspace, pk=number_or_404(folder_id)).first()
    if folder is None:
        raise Http404("No such folder.")
    folder.workspace = workspace
    return folder


def folder_trail(folder):
    """The folder's ancestors, top first, then the folder (one query; none at the top)."""
    if folder is None:
        return []
    ids = folder.ancestor_ids
    found = {f.pk: f for f in Folder.objects.filter(workspace_id=folder.workspace_id, pk__in=ids)} if ids else {}
    trail = [found[pk] for pk in ids if pk in found] + [folder]
    for f in trail:
        f.workspace = folder.workspace
    return trail


def folder_choices(workspace):
    """Folders a document can be put in, in tree order (a subtree follows its parent)."""
    return Folder.objects.filter(workspace=workspace).only("id", "title", "path", "workspace_id").order_by("path")


def get_document(user, workspace, pk, perm="documents.view_document", deleted="hide"):
    """The document `pk` of this workspace if the user holds `perm` on it, else 404/403
    (`deleted`: see kit.selectors.get_item)."""
    documents = Document.objects.select_related("created_by", "updated_by", "locked_by", "deleted_by", "folder")
    return get_item(user, documents.filter(workspace=workspace, pk=number_or_404(pk)), perm, deleted=deleted,
                    workspace=workspace)


AUTHORS_SHOWN = 30


def coauthors(document):
    """The document's co-authors, first credited first: at most AUTHORS_SHOWN, and whether
    there are more."""
    rows = CoAuthor.objects.filter(document=document).select_related("user").order_by("added_at", "id")
    users = [c.user for c in rows[:AUTHORS_SHOWN + 1]]
    return users[:AUTHORS_SHOWN], len(users) > AUTHORS_SHOWN


def versions(document):
    """The document's versions, newest first, without written texts."""
    return kit_selectors.history(document.versions)


def get_version(document, number):
    return kit_selectors.get_revision(document.versions, number, what="version")


def versions_pair(document, old, new):
    return kit_selectors.revisions_pair(document.versions, old, new, what="version")


def latest_review(document):
    """The document's latest review that was not withdrawn, with its reviewers (two queries)."""
    review = document.reviews.exclude(status=Review.Status.CANCELLED).select_related("requested_by").first()
    if review is not None:
        review.all_reviewers = list(review.reviewers.select_related("user"))
    return review


def reviews(document):
    return document.reviews.select_related("requested_by").order_by("-created_at", "-id")


def get_review(document, review_id):
    review = document.reviews.select_related("requested_by").filter(pk=number_or_404(review_id)).first()
    if review is None:
        raise Http404("No such review.")
    review.document = document
    review.all_reviewers = list(review.reviewers.select_related("user"))
    return review


def waiting_for(user, workspace):
    """Open reviews the user has not answered yet, soonest due first, of documents they may
    still see (at most WAITING_SHOWN, and how many in all)."""
    if not user.is_authenticated:
        return [], 0
    pending = Reviewer.objects.filter(user=user, decision=Reviewer.Decision.PENDING,
                                      review__status=Review.Status.OPEN, review__workspace=workspace)
    # Most people have nothing to review: one small query, without building the permission filter.
    if not pending.exists():
        return [], 0
    rows = (
        pending.filter(review__document__in=live_documents(user, workspace).values("pk"))
        .select_related("review__document").defer(*(f"review__document__{f}" for f in _LIST_DEFER))
        .order_by("review__due_on", "review_id")
    )
    shown = list(rows[:WAITING_SHOWN])
    count = len(shown) if len(shown) < WAITING_SHOWN else rows.count()
    for row in shown:
        row.review.document.workspace = workspace
    return shown, count


def deleted_documents(user, workspace):
    return (
        permissions.visible(user, Document.objects.filter(is_deleted=True), within=workspace)
        .defer(*_LIST_DEFER).select_related("deleted_by", "folder").order_by("-deleted_at", "-id")
    )


def export_rows(user, workspace):
    """The documents of the library the user may see, for a download: a header, then a row per
    document (read a chunk at a time; what a row says is on the document's own row)."""
    yield ("Title", "Folder", "Kind", "File", "Type", "Size (bytes)", "Version", "Review", "Last changed by",
           "Last changed", "Who can see it")
    documents = (live_documents(user, workspace).defer(*_LIST_DEFER).select_related("folder", "updated_by")
                 .order_by("title_key", "id"))
    for d in documents.iterator(chunk_size=1000):
        yield (d.title, d.folder.title if d.folder else "", d.get_kind_display(), d.file_name, d.file_type,
               d.file_size if d.is_file else None, d.version, d.get_review_status_display(),
               d.updated_by.name if d.updated_by else "", d.updated_at, d.get_view_access_display())
