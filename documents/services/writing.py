"""Writes for documents written here (co-authored, in Markdown), and comments on any document."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from workspaces.activity import record
from workspaces.audit import audit
from workspaces.lib.merge import merge3, names_of_savers
from workspaces.mentions import mentioned_members
from workspaces.models import Access
from workspaces.services.items import set_item_teams

from .. import markup
from ..models import MAX_NOTE_LENGTH, Comment, Document, Kind, Version
from .common import (
    DocumentGone,
    add_coauthors,
    check_folder,
    check_not_held_by_other,
    check_text,
    check_title_free,
    clean_title,
    locked_row,
    normalise_text,
)
from .library import _NOT_VALIDATED


class DocumentConflict(Exception):
    """The document was saved by someone else after the editor loaded it, and the two edits
    overlap. Nothing was saved. `current`: the document now; `base`: the version the editor
    started from (None if unknown); `merge`: the MergeResult; `others`: who saved since."""

    def __init__(self, current, base, merge, others):
        super().__init__(f"Document {current.pk} is at version {current.version}.")
        self.current, self.base, self.merge, self.others = current, base, merge, others


@dataclass
class Saved:
    document: Document
    revised: bool  # whether a new version was written
    merged_with: list = field(default_factory=list)  # names of those whose changes were merged in


def _add_version(document, actor, note):
    return Version.objects.create(
        document=document, workspace_id=document.workspace_id, number=document.version, title=document.title,
        text=document.text, created_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note[:MAX_NOTE_LENGTH],
    )


def _names_since(document, version, actor):
    later = document.versions.filter(number__gt=version).select_related("created_by").order_by("number")
    return names_of_savers((v.created_by for v in later), actor)


@transaction.atomic
def document_write(*, actor, workspace, title, text="", folder=None, description="", note="", coauthors=(),
                   view_access=Access.ANYONE, change_access=Access.MEMBERS, view_teams=(), change_teams=()):
    """Start a document written here (version 1), crediting `coauthors` (users) with its
    author. Records `documents.document_created`."""
    title, text = clean_title(title), normalise_text(text)
    check_text(text)
    check_folder(workspace, folder)
    check_title_free(workspace, folder, title)
    document = Document(
        workspace=workspace, folder=folder, kind=Kind.WRITTEN, title=title, text=text, html=markup.render(text),
        description=description, description_html=markup.render(description), created_by=actor,
        updated_by=actor, view_access=view_access, change_access=change_access,
    )
    document.full_clean(exclude=_NOT_VALIDATED, validate_unique=False, validate_constraints=False)
    document.save()
    _add_version(document, actor, note or "First version")
    set_item_teams(document, view_teams=view_teams, change_teams=change_teams)
    add_coauthors(document, [actor, *coauthors])
    record(workspace=workspace, actor=actor, verb="documents.document_created", target=document,
           summary="started the document", mentions=mentioned_members(workspace, text),
           addressed=[u for u in coauthors if u != actor])
    return document


@transaction.atomic
def document_edit(*, actor, document, text, note="", base_version=None, check_in=True):
    """Save new text of a written document as a new version.

    `base_version` is the version the editor loaded. If someone saved since, the three texts
    are merged: when the edits do not overlap the merged text is saved (Saved.merged_with
    names whose changes were kept); when they do, DocumentConflict is raised and nothing is
    saved. Raises LockHeld while someone else has it checked out, DocumentGone if deleted.
    The editor becomes a co-author. Records `documents.document_edited`."""
    text = normalise_text(text)
    check_text(text)
    current = locked_row(document)
    if current.is_deleted:
        raise DocumentGone(current)
    check_not_held_by_other(current, actor)
    merged_with = []
    if base_version is not None and base_version != current.version:
        base = current.versions.filter(number=base_version).first() if base_version < current.version else None
        result = merge3(base.text if base else "", current.text, text)
        others = _names_since(current, base_version if base else 0, actor)
        if not result.clean:
            raise DocumentConflict(current, base, result, others)
        text, merged_with = result.text, others
    releasing = check_in and current.locked_by_id is not None and current.locked_by_id == actor.pk
    if releasing:
        current.locked_by, current.locked_at = None, None
    if text == current.text:
        if releasing:
            current.save(update_fields=["locked_by", "locked_at"])
        return Saved(document=current, revised=False, merged_with=merged_with)
    current.text, current.html = text, markup.render(text)
    current.version += 1
    current.updated_by = actor
    current.save()
    _add_version(current, actor, note)
    add_coauthors(current, [actor])
    record(workspace=current.workspace, actor=actor, verb="documents.document_edited", target=current,
           summary=f"saved version {current.version} of the document", mentions=mentioned_members(current.workspace, text))
    return Saved(document=current, revised=True, merged_with=merged_with)


@transaction.atomic
def comment_add(*, actor, document, body, quote=""):
    """Comment on a document, on its current version, optionally about a quoted passage.
    Records `documents.comment_added` (followers and anyone @mentioned hear of it)."""
    body = normalise_text(body).strip()
    if not body:
        raise ValidationError({"body": "Write your comment."})
    quote = " ".join(normalise_text(quote).split())
    current = Document.objects.get(pk=document.pk)
    if current.is_deleted:
        raise DocumentGone(current)
    comment = Comment.objects.create(
        document=current, workspace_id=current.workspace_id, author=actor, version_number=current.version,
        quote=quote, body=body, body_html=markup.render(body),
    )
    record(workspace=document.workspace, actor=actor, verb="documents.comment_added", target=document,
           summary="commented on the document", mentions=mentioned_members(document.workspace, body))
    return comment


@transaction.atomic
def comment_delete(*, actor, comment):
    """Remove a comment (its author, or a manager: audited when it is someone else's)."""
    document = comment.document
    if comment.author_id != getattr(actor, "pk", None):
        audit(actor=actor, action="document_comment.deleted", workspace=document.workspace, target=document,
              target_label=f"Comment by {comment.author.name if comment.author else 'a former member'} on "
                           f"“{document.title}”", before={"body": comment.body[:500]})
    comment.delete()

