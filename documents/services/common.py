"""Checks and helpers that the library's services share."""

from django.core.exceptions import ValidationError
from django.db.models import Q

from workspaces.models import Membership
from workspaces.models.items import title_key

from ..models import MAX_FOLDER_DEPTH, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, CoAuthor, Document, Folder

MAX_PEOPLE = 50  # co-authors or reviewers named at once


class LockHeld(Exception):
    """Someone else has the document checked out. Nothing was saved."""

    def __init__(self, document):
        super().__init__(f"Document {document.pk} is checked out by {document.locked_by_id}.")
        self.document = document

    @property
    def message(self):
        holder = self.document.locked_by.name if self.document.locked_by else "Someone"
        since = self.document.locked_at.strftime("%-d %B %Y, %H:%M") if self.document.locked_at else ""
        return (f"{holder} has checked this document out{f' (since {since})' if since else ''} and may be revising "
                "it, so you cannot change it until they check it in. Ask them, or ask a manager to release it.")


class DocumentGone(Exception):
    """The document was deleted after the form was loaded. Nothing was saved."""

    def __init__(self, document):
        super().__init__(f"Document {document.pk} is deleted.")
        self.document = document


def normalise_text(text):
    """Browsers send textarea lines ending in CR LF; versions and merges compare LF lines."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def clean_title(title, what="document"):
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": f"Enter a title for the {what}."})
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError({"title": f"Keep the title to {MAX_TITLE_LENGTH} characters or fewer (it has {len(title)})."})
    return title


def check_text(text):
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError({"text": f"This document is too long: keep it to {MAX_TEXT_LENGTH:,} characters (it has "
                                       f"{len(text):,}). Split it into several documents."})


def check_folder(workspace, folder):
    if folder is not None and folder.workspace_id != workspace.pk:
        raise ValidationError({"folder": "Choose a folder of this workspace's library."})


def where(folder):
    return f"in the folder “{folder.title}”" if folder else "at the top of the library"


def check_title_free(workspace, folder, title, exclude=None):
    others = Document.objects.filter(workspace=workspace, folder=folder, title_key=title_key(title), is_deleted=False)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError({"title": f"There is already a document called “{title}” {where(folder)}. Choose "
                                        "another title, or put it in another folder."})


def check_folder_title_free(workspace, parent, title, exclude=None):
    others = Folder.objects.filter(workspace=workspace, parent=parent, title_key=title_key(title))
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        place = f"in “{parent.title}”" if parent else "at the top of the library"
        raise ValidationError({"title": f"There is already a folder called “{title}” {place}. Choose another name."})


def check_folder_depth(parent):
    if parent is not None and parent.depth >= MAX_FOLDER_DEPTH:
        raise ValidationError({"parent": f"Folders can be nested at most {MAX_FOLDER_DEPTH} deep. Choose a folder "
                                         "higher up."})


def locked_row(document):
    """The document as saved now, its row locked until the transaction ends (on SQLite the
    whole database is write-locked), so check-then-write is atomic. The lock is taken first and
    the row read after it: on PostgreSQL a locking query that waited re-reads only the locked
    row, not the rows joined to it (such as who holds the document)."""
    Document.objects.select_for_update().filter(pk=document.pk).values_list("pk", flat=True).get()
    return Document.objects.select_related("workspace", "locked_by", "folder").get(pk=document.pk)


def check_not_held_by_other(document, actor):
    if document.locked_by_id is not None and document.locked_by_id != getattr(actor, "pk", None):
        raise LockHeld(document)


def add_coauthors(document, users):
    CoAuthor.objects.bulk_create([CoAuthor(document=document, user_id=getattr(u, "pk", u)) for u in users if u],
                                 ignore_conflicts=True)


def members_by_email(workspace, emails, *, min_role=None):
    """The workspace's members with these email addresses (one query), or ValidationError
    naming the addresses that are not members (or not of min_role)."""
    wanted = []
    for email in emails:
        email = email.strip().lower()
        if email and email not in wanted:
            wanted.append(email)
    if len(wanted) > MAX_PEOPLE:
        raise ValidationError(f"Name at most {MAX_PEOPLE} people at once (you named {len(wanted)}).")
    memberships = Membership.objects.filter(workspace=workspace, user__email__in=wanted, user__is_active=True)
    if min_role is not None:
        memberships = memberships.filter(Q(role__gte=min_role))
    found = {m.user.email: m.user for m in memberships.select_related("user")}
    missing = [e for e in wanted if e not in found]
    if missing:
        who = "contributors" if min_role is not None else "members"
        raise ValidationError(f"Not {who} of this workspace: {', '.join(missing)}. Check the addresses, or ask a "
                              "manager to invite them.")
    return [found[e] for e in wanted]
