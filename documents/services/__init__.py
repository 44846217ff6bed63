"""Writes for the document library, keyword-only and atomic; each records its activity inside
its transaction (workspaces.activity.record). Split by subject:

    library  folders, uploads and versions of files, details, delete and restore
    writing  documents written here (co-authored, with merge on concurrent edits)
    locks    check-out, check-in, breaking a lock
    reviews  review requests, answers, reminders
"""

from workspaces.kit.services import normalise_text

from .common import DocumentGone, LockHeld, check_text
from .library import (
    document_delete,
    document_restore,
    document_update_details,
    document_upload,
    folder_create,
    folder_delete,
    folder_rename,
    version_upload,
)
from .locks import document_check_in, document_check_out, lock_break
from .reviews import review_answer, review_cancel, review_request
from .writing import DocumentConflict, Saved, document_edit, document_write

__all__ = [
    "DocumentConflict", "DocumentGone", "LockHeld", "Saved", "check_text",
    "document_check_in", "document_check_out", "document_delete", "document_edit", "document_restore",
    "document_update_details", "document_upload", "document_write", "folder_create", "folder_delete",
    "folder_rename", "lock_break", "normalise_text", "review_answer", "review_cancel", "review_request",
    "version_upload",
]
