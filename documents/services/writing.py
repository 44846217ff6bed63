"""Writes for documents written here (co-authored, in Markdown)."""

from django.db import transaction

from workspaces.kit.models import Access
from workspaces.kit.services import Saved as KitSaved
from workspaces.kit.services import (
    TextConflict,
    item_added,
    merge_text,
    normalise_text,
    record,
)

from .. import markup
from ..models import MAX_NOTE_LENGTH, MAX_TEXT_LENGTH, Document, Kind, Version
from .common import (
    DocumentGone,
    add_coauthors,
    check_folder,
    check_not_held_by_other,
    check_text,
    check_title_free,
    clean_title,
    locked,
)
from .library import _NOT_VALIDATED


class DocumentConflict(TextConflict):
    """The document was saved by someone else after the editor loaded it, and the two edits
    overlap. Nothing was saved (see kit.services.TextConflict)."""


class Saved(KitSaved):
    """kit.services.Saved, whose item is a document."""

    @property
    def document(self):
        return self.item


def _add_version(document, actor, note):
    return Version.objects.create(
        document=document, workspace_id=document.workspace_id, number=document.version, title=document.title,
        text=document.text, html=document.html, created_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note[:MAX_NOTE_LENGTH],
    )


@transaction.atomic
def document_write(*, actor, workspace, title, text="", folder=None, description="", note="", coauthors=(),
                   view_access=Access.ANYONE, change_access=Access.MEMBERS, view_teams=(), change_teams=()):
    """Start a document written here (version 1), crediting `coauthors` (users) with its
    author. Records `documents.document_created`."""
    title, text = clean_title(title), normalise_text(text)
    check_text(text)
    check_folder(workspace, folder)
    check_title_free(workspace, folder, title, actor=actor)
    document = Document(
        workspace=workspace, folder=folder, kind=Kind.WRITTEN, title=title, text=text, html=markup.render(text),
        description=description, description_html=markup.render(description), created_by=actor,
        updated_by=actor, view_access=view_access, change_access=change_access,
    )
    document.full_clean(exclude=_NOT_VALIDATED, validate_unique=False, validate_constraints=False)
    document.save()
    _add_version(document, actor, note or "First version")
    add_coauthors(document, [actor, *coauthors])
    item_added(document, actor=actor, verb="documents.document_created", summary="started the document", text=text,
               view_teams=view_teams, change_teams=change_teams, addressed=[u for u in coauthors if u != actor])
    return document


@transaction.atomic
def document_edit(*, actor, document, text, note="", base_version=None, check_in=True):
    """Save new text of a written document as a new version.

    `base_version` is the version the editor loaded. If someone saved since, the three texts
    are merged: when the edits do not overlap the merged text is saved (Saved.merged_with
    names whose changes were kept); when they do, DocumentConflict is raised and nothing is
    saved. Raises LockHeld while someone else has it checked out, DocumentGone if deleted.
    The editor becomes a co-author. Records `documents.document_edited`."""
    current = locked(document)
    if current.is_deleted:
        raise DocumentGone(current)
    check_not_held_by_other(current, actor)
    change = merge_text(current, text, base_version=base_version, actor=actor, revisions=current.versions,
                        max_length=MAX_TEXT_LENGTH, what="This document", advice="Split it into several documents.",
                        conflict=DocumentConflict)
    text, merged_with = change.text, change.merged_with
    releasing = check_in and current.locked_by_id is not None and current.locked_by_id == actor.pk
    if releasing:
        current.locked_by, current.locked_at = None, None
    if text == current.text:
        if releasing:
            current.save(update_fields=["locked_by", "locked_at"])
        return Saved(item=current, revised=False, merged_with=merged_with)
    current.text, current.html = text, markup.render(text)
    current.version += 1
    current.updated_by = actor
    current.save()
    _add_version(current, actor, note)
    add_coauthors(current, [actor])
    record(workspace=current.workspace, actor=actor, verb="documents.document_edited", target=current,
           summary=f"saved version {current.version} of the document", mentions=change.mentions)
    return Saved(item=current, revised=True, merged_with=merged_with)
