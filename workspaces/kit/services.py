"""What a tool's services are built from (keyword-only, atomic, one transaction per change).

    from workspaces.kit.services import locked_row, merge_text, record, soft_delete

    @transaction.atomic
    def page_update(*, actor, page, text, base_version=None):
        current = locked_row(page, "workspace")           # lock first, then read
        if current.is_deleted:
            raise PageGone(current)
        change = merge_text(current, text, base_version=base_version, actor=actor,
                            revisions=current.revisions, max_length=MAX_TEXT_LENGTH)  # or TextConflict
        if change.revised:
            ...
            record(workspace=current.workspace, actor=actor, verb="wikis.page_updated", target=current,
                   mentions=change.mentions)

- record(): the activity API (workspaces.activity): inside the change's transaction, with a verb
  the tool declared in its Tool(verbs=...).
- audit(): the append-only audit log, for security-relevant changes (deletions, exports, locks).
- mentioned_members(workspace, text, previous): @mentions; pass `previous` on an edit so that
  saving again does not page everyone the text already named (merge_text does this for you).
- item_added(): what adding an item ends with: its team limits and its activity (with mentions).
- set_item_teams / item_teams: team limits on seeing and changing an item.
- reminders: schedule()/cancel() "closes tomorrow"-style reminders (workspaces.reminders).
- refuse_taken_title(): the one refusal of a title already used in its place, which never
  names an item the person may not see.
- locked_for_move() and @retried: moving a node of a tree (TreeNode) without deadlocks or loops;
  a service that the database may stop to break a deadlock is tried again, then raises Busy.
"""

import hashlib
import json
import logging
import random
import time
from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.db.models import Q

from .. import reminders  # noqa: F401  (part of the kit: kit.services.reminders.schedule(...))
from ..activity import record
from ..audit import audit
from ..lib.merge import merge3, names_of_savers
from ..mentions import mentioned_members
from ..models import WorkspaceItem
from ..permissions import can
from ..services.items import item_teams, set_item_teams
from .models import SoftDeletable

__all__ = [
    "Busy", "ChangedMeanwhile", "ItemGone", "Saved", "TextChange", "TextConflict", "audit", "check_length",
    "check_loaded_state", "item_added", "item_teams", "loaded_state", "locked_for_move", "locked_row", "locked_rows",
    "mentioned_members", "merge_text", "normalise_text", "record", "refuse_taken_title", "reminders", "restore",
    "retried", "set_item_teams", "soft_delete",
]

logger = logging.getLogger(__name__)


def locked_row(item, *related):
    """`item` as saved now, its row locked until the transaction ends (on SQLite the whole
    database is write-locked), so that check-then-write is atomic. The lock is taken first and
    the row read after it, with `related` (select_related names): on PostgreSQL a locking
    query that waited re-reads only the locked row, not the rows joined to it, which would
    then be as they were before the wait."""
    model = type(item)
    model._default_manager.select_for_update().filter(pk=item.pk).values_list("pk", flat=True).get()
    return model._default_manager.select_related(*related).get(pk=item.pk)


def locked_rows(queryset, *related):
    """locked_row for many rows: the rows of `queryset` (which may filter through joins; only
    its own table is locked) locked, then read as they are now with `related`, in pk order."""
    pks = list(queryset.select_for_update(of=("self",)).values_list("pk", flat=True))
    return queryset.model._default_manager.select_related(*related).filter(pk__in=pks).order_by("pk")


# --- Trees, deadlocks ------------------------------------------------------------------------------

BUSY = ("Someone else was changing the same things at this very moment, so nothing was saved. Everything you "
        "typed is still in the form below: check it and save again.")
# SQLSTATEs of a transaction the database ended so that others could go on: try it again.
RETRYABLE = frozenset({"40P01", "40001"})  # deadlock detected, serialization failure
ATTEMPTS = 3


class Busy(Exception):
    """Others were changing the same rows at the same moment, and trying again did not help.
    Nothing was saved; `message` says so (put it on the form, which keeps what was typed)."""

    def __init__(self, message=BUSY):
        super().__init__(message)
        self.message = message


def is_retryable(exc):
    """Whether a database error means "your transaction lost a race: try it again"."""
    while exc is not None:
        if getattr(exc, "sqlstate", None) in RETRYABLE:
            return True
        exc = exc.__cause__
    return False


def retried(service=None, *, attempts=ATTEMPTS):
    """Put over @transaction.atomic: when the database ends the transaction to break a deadlock
    (or a serialisation failure), run the whole service again from the start, a few times after
    a short random pause; then raise Busy. Inside an outer transaction there is nothing to run
    again (it is lost too): the error goes up as it is."""
    if service is None:
        return lambda service: retried(service, attempts=attempts)

    @wraps(service)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:
            return service(*args, **kwargs)
        for attempt in range(1, attempts + 1):
            try:
                return service(*args, **kwargs)
            except DatabaseError as exc:
                if not is_retryable(exc):
                    raise
                logger.info("%s lost a race (attempt %d of %d): %s", service.__qualname__, attempt, attempts, exc)
                if attempt == attempts:
                    raise Busy() from exc
                time.sleep(random.uniform(0.02, 0.1) * attempt)  # let the other finish
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


def locked_for_move(node, parent, *related):
    """For moving `node` (a TreeNode) under `parent` (a node of the same model, or None: the
    top), in a transaction: lock every row the move touches, in one fixed order (by id), then
    read `node` (with `related`) and `parent` as they are now; returns (node, parent).

    The rows: the node and its subtree (move_under rewrites their paths) and the new parent
    with its ancestors (their paths say whether the move would put the node under itself).
    Two moves that touch the same rows (A under B while B goes under A, or into each other's
    subtrees) then run one after the other instead of each holding what the other waits for
    (a deadlock), and the second sees what the first did (no loop). A node that stays where it
    is (a rename) locks only its own row. Raises node's model DoesNotExist if either is gone,
    Busy if they keep moving while we lock."""
    manager = type(node)._default_manager
    for _ in range(ATTEMPTS):
        wanted = [node.pk] if parent is None else [node.pk, parent.pk]
        found = dict(manager.filter(pk__in=wanted).values_list("pk", "path"))
        if set(found) != set(wanted):
            raise type(node).DoesNotExist("The node or its new parent no longer exists.")
        node_path, parent_path = found[node.pk], (found[parent.pk] if parent is not None else None)
        staying = manager.filter(pk=node.pk, parent=parent.pk if parent is not None else None).exists()
        if staying:
            rows = Q(pk=node.pk)
        else:
            ancestry = [int(part) for part in (parent_path or "").strip("/").split("/") if part]
            rows = Q(workspace_id=node.workspace_id, path__startswith=node_path) | Q(pk__in=ancestry)
        list(manager.select_for_update().filter(rows).order_by("pk").values_list("pk", flat=True))
        current = manager.select_related(*related).get(pk=node.pk)
        new_parent = manager.get(pk=parent.pk) if parent is not None else None
        still = current.path == node_path and (new_parent is None or new_parent.path == parent_path)
        if still and (current.parent_id == getattr(new_parent, "pk", None)) == staying:
            return current, new_parent
    raise Busy()


# --- Fields saved by two people at once ------------------------------------------------------------


class ChangedMeanwhile(Exception):
    """Fields of an item were saved by someone else after the form was loaded: the state the
    form posted back is not the item's now. Nothing was saved. `current`: the item as saved
    now; `state`: its loaded_state now (put it in the form again: saving is then deliberate)."""

    def __init__(self, current, state):
        super().__init__(f"{type(current).__name__} {current.pk} changed since the form was loaded.")
        self.current, self.state = current, state


def loaded_state(item, fields):
    """A short digest of `fields` of `item` as they are: a form that edits those fields (and not
    a text, which has its version and merge) posts it back, so that a save over someone else's
    change of them is noticed — and a change of other fields (a new version) is not a conflict."""
    values = [getattr(item, item._meta.get_field(name).attname) for name in fields]
    return hashlib.blake2b(json.dumps(values, default=str).encode(), digest_size=8).hexdigest()


def check_loaded_state(current, fields, expected):
    """ChangedMeanwhile unless `current` (read under its lock) is as the form loaded it
    (`expected`: the form's loaded_state; empty from an older form: not checked)."""
    state = loaded_state(current, fields)
    if expected and expected != state:
        raise ChangedMeanwhile(current, state)


class ItemGone(Exception):
    """The item was deleted after the form was loaded. Nothing was saved."""

    def __init__(self, item):
        super().__init__(f"{type(item).__name__} {item.pk} is deleted.")
        self.item = item


def item_added(item, *, actor, verb, summary, text="", view_teams=(), change_teams=(), **record_kwargs):
    """What adding an item ends with, in its transaction: its team limits, and its activity
    (telling whom its `text` @mentions; `record_kwargs`: addressed=...)."""
    set_item_teams(item, view_teams=view_teams, change_teams=change_teams)
    return record(workspace=item.workspace, actor=actor, verb=verb, target=item, summary=summary,
                  mentions=mentioned_members(item.workspace, text), **record_kwargs)


def _sees(user, obj):
    """Whether `user` may see `obj`: an item through its policy; anything else (a folder of a
    library) is seen by whoever sees the tool it belongs to."""
    if not isinstance(obj, WorkspaceItem):
        return True
    return user is not None and can(user, f"{obj._meta.app_label}.view_{obj._meta.model_name}", obj)


def refuse_taken_title(others, *, actor, title, noun, place, top, within="in “{title}”", advice=""):
    """Raise ValidationError on "title" if one of `others` holds the title: the live items of
    `place` (the parent page or folder; None for the top, which `top` names, "at the top of the
    wiki"; `within` says where a place is, "under “{title}”") with the same title key. Titles
    stay unique in their place whoever may see what (a [[link]] names one page), but the
    refusal names the item, and the place, only to someone who may see them: to anyone else
    the title is "already taken", nothing more."""
    clash = others.first()
    if clash is None:
        return
    if place is None:
        where = top
    elif _sees(actor, place):
        where = within.format(title=place.title)
    else:
        where = "in that place"
    if _sees(actor, clash):
        message = f"There is already a {noun} called “{clash.title}” {where}."
    else:
        message = f"The title “{title}” is already taken {where}."
    raise ValidationError({"title": f"{message} {advice}".strip()})


# --- Deleting softly ------------------------------------------------------------------------------


def soft_delete(current, *, actor, verb, summary, audit_action, also=()):
    """Mark a SoftDeletable item (locked by the caller, and checked by it) deleted, with its
    activity and audit entry. `also`: other fields the caller changed, saved with it."""
    current.mark_deleted(actor)
    _save_deletion(current, also)
    record(workspace=current.workspace, actor=actor, verb=verb, target=current, summary=summary)
    audit(actor=actor, action=audit_action, workspace=current.workspace, target=current)
    return current


def restore(current, *, actor, verb, summary, audit_action, also=()):
    """Bring back a SoftDeletable item (locked and checked by the caller)."""
    current.mark_restored()
    _save_deletion(current, also)
    record(workspace=current.workspace, actor=actor, verb=verb, target=current, summary=summary)
    audit(actor=actor, action=audit_action, workspace=current.workspace, target=current)
    return current


def _save_deletion(current, also):
    fields = [*SoftDeletable.DELETION_FIELDS, *also]
    if any(f.name == "updated_at" for f in current._meta.fields):
        fields.append("updated_at")
    current.save(update_fields=fields)


# --- Saving text: no edit lost, no one paged twice ------------------------------------------------


def normalise_text(text):
    """Browsers send textarea lines ending in CR LF; revisions and merges compare LF lines."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def check_length(text, limit, *, field="text", what="This text", advice=""):
    """ValidationError on `field` when `text` is longer than `limit` characters."""
    if len(text) > limit:
        raise ValidationError({field: f"{what} is too long: keep it to {limit:,} characters (it has {len(text):,})."
                                      + (f" {advice}" if advice else "")})


class TextConflict(Exception):
    """The item was saved by someone else after the editor loaded it, and the two edits
    overlap. Nothing was saved. `current`: the item now; `base`: the revision the editor
    started from (None if unknown); `merge`: the MergeResult with the overlapping regions;
    `others`: the names of those who saved since."""

    def __init__(self, current, base, merge, others):
        super().__init__(f"{type(current).__name__} {current.pk} is at version {current.version}.")
        self.current, self.base, self.merge, self.others = current, base, merge, others


@dataclass
class TextChange:
    """What merge_text decided to save."""

    text: str  # the editor's text, or its three-way merge with what was saved meanwhile
    previous: str  # the text saved now
    merged_with: list = field(default_factory=list)  # names of those whose changes were merged in
    mentions: list = field(default_factory=list)  # ids of members this change newly @mentions

    @property
    def revised(self):
        return self.text != self.previous


@dataclass
class Saved:
    """The outcome of saving an item's text: `item` as saved now, whether a new revision was
    written, and whose concurrent changes were merged in."""

    item: object
    revised: bool
    merged_with: list = field(default_factory=list)


def names_since(revisions, number, actor):
    """Who saved revisions after `number` (the acting person is "you (in another window)")."""
    by = revisions.model.SAVED_BY
    later = revisions.filter(number__gt=number).select_related(by).defer("text", "html").order_by("number")
    return names_of_savers((getattr(r, by) for r in later), actor)


def merge_text(current, text, *, base_version, actor, revisions, max_length, what="This text", advice="",
               conflict=TextConflict):
    """Decide what to save as `current`'s new text (`current` read under its lock).

    Normalises line ends and checks the length (ValidationError on "text"). `base_version` is
    the version the editor loaded; if someone saved since, the three texts are merged: when the
    edits do not overlap the merge is what is saved (TextChange.merged_with names whose changes
    were kept); when they do, `conflict` (TextConflict or the tool's subclass) is raised.
    `revisions` is the item's revisions (a RevisionBase manager). The mentions are those the
    text adds to the text saved now."""
    text = normalise_text(text)
    check_length(text, max_length, what=what, advice=advice)
    merged_with = []
    if base_version is not None and base_version != current.version:
        base = revisions.filter(number=base_version).defer("html").first() if base_version < current.version else None
        result = merge3(base.text if base else "", current.text, text)
        others = names_since(revisions, base_version if base else 0, actor)
        if not result.clean:
            raise conflict(current, base, result, others)
        text, merged_with = result.text, others
    change = TextChange(text=text, previous=current.text, merged_with=merged_with)
    if change.revised:
        change.mentions = mentioned_members(current.workspace, text, current.text)
    return change
