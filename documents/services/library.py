"""Writes for folders and uploaded files: each is one transaction, with its activity record.

A file is written to storage before its rows; if the transaction then fails, the file is
removed again, so no row ever points at a missing file."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction

from workspaces.kit.models import Access
from workspaces.kit.services import (
    audit,
    check_loaded_state,
    item_added,
    locked_for_move,
    locked_row,
    record,
    restore,
    retried,
    set_item_teams,
    soft_delete,
)
from workspaces.lib.files import check_upload

from .. import markup
from ..lifecycles import COMMENT_WINDOW
from ..models import MAX_NOTE_LENGTH, Document, Folder, Kind, Version
from .common import (
    DETAILS_FIELDS,
    DocumentGone,
    add_coauthors,
    check_folder,
    check_folder_depth,
    check_folder_move,
    check_folder_title_free,
    check_not_held_by_other,
    check_title_free,
    clean_title,
    locked,
)

_NOT_VALIDATED = ["workspace", "created_by", "updated_by", "deleted_by", "locked_by", "folder", "html",
                  "description_html", "title_key"]


# --- Folders ------------------------------------------------------------------------------------


@transaction.atomic
def folder_create(*, actor, workspace, title, parent=None):
    """Add a folder (at the top of the library, or in `parent`)."""
    title = clean_title(title, "folder")
    check_folder(workspace, parent)
    check_folder_depth(parent)
    check_folder_title_free(workspace, parent, title, actor=actor)
    folder = Folder.objects.create(workspace=workspace, parent=parent, title=title, created_by=actor)
    folder.place()
    return folder


HERE = object()  # folder_rename(parent=HERE): the folder stays where it is


@retried
@transaction.atomic
def folder_rename(*, actor, folder, title, parent=HERE):
    """Rename a folder and/or put it (with everything in it) in another folder (`parent`; None:
    the top of the library). The folders the move touches are locked in a fixed order (the
    kit's locked_for_move), so two moves at once neither deadlock nor make a loop; kit Busy if
    others kept moving the same folders at that moment. Audited."""
    title = clean_title(title, "folder")
    try:
        if parent is HERE:
            current = locked_row(folder, "workspace", "parent")
            parent = current.parent
        else:
            current, parent = locked_for_move(folder, parent, "workspace", "parent")
    except Folder.DoesNotExist:
        raise ValidationError("This folder, or the one you chose to put it in, has just been deleted.") from None
    check_folder(current.workspace, parent)
    moved = parent != current.parent
    if title == current.title and not moved:
        return current
    if moved:
        check_folder_move(current, parent)
    check_folder_title_free(current.workspace, parent, title, actor=actor, exclude=current)
    before = {"title": current.title, "parent": current.parent.title if current.parent else None}
    current.title = title
    if moved:
        current.move_under(parent)
    current.save(update_fields=["title", "title_key", "parent", "path"])
    after = {"title": title, "parent": parent.title if parent else None}
    audit(actor=actor, action="document_folder.moved" if moved else "document_folder.renamed",
          workspace=current.workspace, target=current, before=before, after=after)
    return current


@transaction.atomic
def folder_delete(*, actor, folder):
    """Delete an empty folder. One holding documents or folders is refused; deleted documents
    in it move to its parent, so that a manager can still restore them. Audited."""
    folder = locked_row(folder, "parent", "workspace")
    documents = Document.objects.filter(folder=folder, is_deleted=False).count()
    folders = Folder.objects.filter(parent=folder).count()
    if documents or folders:
        counts = ((documents, "document"), (folders, "folder"))
        parts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n]
        raise ValidationError(f"“{folder.title}” still has {' and '.join(parts)} in it. Move or delete "
                              "them first, then delete the folder.")
    Document.objects.filter(folder=folder).update(folder=folder.parent)
    audit(actor=actor, action="document_folder.deleted", workspace=folder.workspace, target=folder)
    folder.delete()


# --- Uploaded files -----------------------------------------------------------------------------


def _store(upload, checked, workspace):
    """Write the upload to storage; returns an unsaved Version holding it."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    version = Version(workspace=workspace, file_name=checked.name, file_size=checked.size, file_type=checked.mime,
                      sha256=digest.hexdigest())
    version.file.save(checked.name, upload, save=False)
    return version


def _with_stored_file(upload, checked, workspace, write):
    """Store the (checked) upload, then run write(checked, version) in a transaction; remove
    the stored file again if that fails."""
    version = _store(upload, checked, workspace)
    try:
        with transaction.atomic():
            return write(checked, version)
    except BaseException:
        default_storage.delete(version.file.name)
        raise


def _show_file(document, checked, version):
    document.file_name, document.file_size, document.file_type = checked.name, checked.size, checked.mime


def document_upload(*, actor, workspace, upload, title="", folder=None, description="", note="",
                    view_access=Access.ANYONE, change_access=Access.MEMBERS, view_teams=(), change_teams=()):
    """Add a document from an uploaded file (version 1). Without a title, the file's name is
    used. Records `documents.document_uploaded`. Raises ValidationError naming the field."""
    check_folder(workspace, folder)
    checked = check_upload(upload)
    title = clean_title(title or checked.name.rsplit(".", 1)[0])
    check_title_free(workspace, folder, title, actor=actor)

    def write(checked, version):
        document = Document(
            workspace=workspace, folder=folder, kind=Kind.FILE, title=title, description=description,
            description_html=markup.render(description), created_by=actor, updated_by=actor,
            view_access=view_access, change_access=change_access,
        )
        _show_file(document, checked, version)
        document.full_clean(exclude=_NOT_VALIDATED, validate_unique=False, validate_constraints=False)
        document.save()
        version.document, version.number, version.created_by = document, 1, actor
        version.note = (note or "First version")[:MAX_NOTE_LENGTH]
        version.save()
        add_coauthors(document, [actor])
        item_added(document, actor=actor, verb="documents.document_uploaded", summary="uploaded the document",
                   text=description, view_teams=view_teams, change_teams=change_teams)
        return document

    return _with_stored_file(upload, checked, workspace, write)


def version_upload(*, actor, document, upload, note="", check_in=True):
    """Upload a new version of a file document; the old ones are kept. Refused (LockHeld)
    while someone else has it checked out; releases the uploader's own lock when `check_in`.
    Records `documents.version_uploaded`."""
    check_not_held_by_other(document, actor)
    checked = check_upload(upload)

    def write(checked, version):
        current = locked(document)
        if current.is_deleted:
            raise DocumentGone(current)
        check_not_held_by_other(current, actor)
        current.version += 1
        current.updated_by = actor
        _show_file(current, checked, version)
        if check_in and current.locked_by_id == getattr(actor, "pk", None):
            current.locked_by, current.locked_at = None, None
        current.save()
        version.document, version.number, version.created_by = current, current.version, actor
        version.note = note[:MAX_NOTE_LENGTH]
        version.save()
        add_coauthors(current, [actor])
        record(workspace=current.workspace, actor=actor, verb="documents.version_uploaded", target=current,
               summary=f"uploaded version {current.version} of the document")
        return current

    return _with_stored_file(upload, checked, document.workspace, write)


# --- Any document -------------------------------------------------------------------------------


@transaction.atomic
def document_update_details(*, actor, document, title, folder=None, description="", coauthors=(), view_access=None,
                            change_access=None, view_teams=(), change_teams=(), comment_window=None,
                            expected_state=None):
    """Rename, describe or move a document, and credit more `coauthors` (users); who may see
    and change it too when `view_access` and `change_access` are given, and when it takes
    comments when `comment_window` is given (opens, closes: either may be None; closing after
    opening), which schedules, moves or drops the "comments close tomorrow" reminder to its
    followers. Refused (LockHeld) while someone else has it checked out, and (kit
    ChangedMeanwhile) when `expected_state`, the form's loaded_state of DETAILS_FIELDS, is not
    theirs now. Records `documents.document_updated` if anything changed."""
    current = locked(document)
    if current.is_deleted:
        raise DocumentGone(current)
    check_not_held_by_other(current, actor)
    check_loaded_state(current, DETAILS_FIELDS, expected_state)
    title = clean_title(title)
    check_folder(current.workspace, folder)
    if title != current.title or folder != current.folder:
        check_title_free(current.workspace, folder, title, actor=actor, exclude=current)
    changed = (title, folder, description) != (current.title, current.folder, current.description)
    current.title, current.folder, current.description = title, folder, description
    current.description_html = markup.render(description)
    access_given = view_access is not None and change_access is not None
    if access_given:
        changed |= (view_access, change_access) != (current.view_access, current.change_access)
        current.view_access, current.change_access = view_access, change_access
    window_changed = False
    if comment_window is not None:
        window_changed = tuple(comment_window) != (current.comments_open_at, current.comments_close_at)
        current.comments_open_at, current.comments_close_at = comment_window
    if changed or window_changed:
        current.updated_by = actor
    current.full_clean(exclude=_NOT_VALIDATED, validate_unique=False, validate_constraints=False)
    current.save()
    if access_given:
        set_item_teams(current, view_teams=view_teams, change_teams=change_teams)
    add_coauthors(current, coauthors)
    if window_changed:
        COMMENT_WINDOW.window_changed(current)
    if changed or window_changed:
        record(workspace=current.workspace, actor=actor, verb="documents.document_updated", target=current,
               summary=_details_summary(current, changed, window_changed))
    return current


def _details_summary(document, changed, window_changed):
    if not window_changed:
        return "changed the document's details"
    phrase = document.window_phrase() or "Comments open"
    what = ("changed the document's details and when it takes comments" if changed
            else "changed when the document takes comments")
    return f"{what} ({phrase[:1].lower() + phrase[1:]})"


@transaction.atomic
def document_delete(*, actor, document):
    """Delete a document (soft: a manager can restore it; its versions are kept). Open review
    reminders are dropped. Refused (LockHeld) while someone else has it checked out: release
    it first. Records `documents.document_deleted` and an audit entry."""
    from .reviews import drop_reminders

    current = locked(document)
    if current.is_deleted:
        return current
    check_not_held_by_other(current, actor)
    current.locked_by, current.locked_at = None, None
    drop_reminders(current)
    COMMENT_WINDOW.forget(current)
    return soft_delete(current, actor=actor, verb="documents.document_deleted", summary="deleted the document",
                       audit_action="document.deleted", also=("locked_by", "locked_at"))


@transaction.atomic
def document_restore(*, actor, document):
    """Bring a deleted document back where it was. Refused (ValidationError) while another
    document there has taken its title. Records `documents.document_restored` (audited)."""
    from .reviews import reschedule_reminders

    current = locked(document)
    if not current.is_deleted:
        return current
    try:
        check_title_free(current.workspace, current.folder, current.title, actor=actor, exclude=current)
    except ValidationError:
        raise ValidationError(f"Another document called “{current.title}” has been added there since. Rename or "
                              "move that document, then restore this one.") from None
    restore(current, actor=actor, verb="documents.document_restored", summary="restored the deleted document",
            audit_action="document.restored")
    reschedule_reminders(current)
    COMMENT_WINDOW.window_changed(current)
    return current
