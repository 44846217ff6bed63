"""Checks and helpers that the library's services share."""

from django.core.exceptions import ValidationError

from workspaces.kit.models import title_key
from workspaces.kit.services import ItemGone, check_length, locked_row, refuse_taken_title
from workspaces.lib.forms import one_line

from ..models import MAX_FOLDER_DEPTH, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, CoAuthor, Document, Folder
from ..policies import held_reason

MAX_PEOPLE = 50  # co-authors or reviewers named at once
# What the details form changes: its loaded_state is taken over these (not the text or versions).
DETAILS_FIELDS = ("title", "folder", "description", "view_access", "change_access", "comments_open_at",
                  "comments_close_at")


class LockHeld(Exception):
    """Someone else has the document checked out. Nothing was saved."""

    def __init__(self, document):
        super().__init__(f"Document {document.pk} is checked out by {document.locked_by_id}.")
        self.document = document

    @property
    def message(self):
        return held_reason(self.document)


class DocumentGone(ItemGone):
    """The document was deleted after the form was loaded. Nothing was saved."""

    @property
    def document(self):
        return self.item


def clean_title(title, what="document"):
    """A document's title, or a folder's name (what="folder"): on one line, something visible,
    at most MAX_TITLE_LENGTH characters."""
    title = one_line(title)
    word = "name" if what == "folder" else "title"
    if not title:
        raise ValidationError({"title": f"Enter a {word} for the {what}."})
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(
            {"title": f"Keep the {word} to {MAX_TITLE_LENGTH} characters or fewer (it has {len(title)})."})
    return title


def check_text(text):
    check_length(text, MAX_TEXT_LENGTH, what="This document", advice="Split it into several documents.")


def check_folder(workspace, folder):
    if folder is not None and folder.workspace_id != workspace.pk:
        raise ValidationError({"folder": "Choose a folder of this workspace's library."})


def check_title_free(workspace, folder, title, *, actor, exclude=None):
    others = Document.objects.filter(workspace=workspace, folder=folder, title_key=title_key(title), is_deleted=False)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    refuse_taken_title(others, actor=actor, title=title, noun="document", place=folder,
                       top="at the top of the library", within="in the folder “{title}”",
                       advice="Choose another title, or put it in another folder.")


def check_folder_title_free(workspace, parent, title, *, actor, exclude=None):
    others = Folder.objects.filter(workspace=workspace, parent=parent, title_key=title_key(title))
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    refuse_taken_title(others, actor=actor, title=title, noun="folder", place=parent,
                       top="at the top of the library", advice="Choose another name.")


def check_folder_depth(parent):
    if parent is not None and parent.depth >= MAX_FOLDER_DEPTH:
        raise ValidationError({"parent": f"Folders can be nested at most {MAX_FOLDER_DEPTH} deep. Choose a folder "
                                         "higher up."})


def check_folder_move(folder, parent):
    """Whether `folder` (and everything in it) may go into `parent` (both as saved now)."""
    if parent is None:
        return
    if parent.is_under(folder):
        raise ValidationError({"parent": "A folder cannot go in itself or in one of its own folders."})
    if parent.depth + folder.subtree_height() > MAX_FOLDER_DEPTH:
        raise ValidationError({"parent": f"Folders can be nested at most {MAX_FOLDER_DEPTH} deep. Choose a folder "
                                         "higher up."})


def locked(document):
    """The document as saved now under its row lock, with who holds it and its folder (the
    kit's locked_row: lock first, then read)."""
    return locked_row(document, "workspace", "locked_by", "folder")


def check_not_held_by_other(document, actor):
    if document.locked_by_id is not None and document.locked_by_id != getattr(actor, "pk", None):
        raise LockHeld(document)


def add_coauthors(document, users):
    CoAuthor.objects.bulk_create([CoAuthor(document=document, user_id=getattr(u, "pk", u)) for u in users if u],
                                 ignore_conflicts=True)
