"""Check-out and check-in: a person locks a document while revising it; others see who holds
it and since when; managers can break a lock (audited, and the holder is told)."""

from django.db import transaction
from django.utils import timezone

from workspaces.kit.services import audit, record

from .common import DocumentGone, check_not_held_by_other, locked


@transaction.atomic
def document_check_out(*, actor, document):
    """Lock the document to `actor`. Raises LockHeld if someone else holds it; checking out
    what you already hold changes nothing. Returns the document."""
    current = locked(document)
    if current.is_deleted:
        raise DocumentGone(current)
    check_not_held_by_other(current, actor)
    if current.locked_by_id is None:
        current.locked_by, current.locked_at = actor, timezone.now()
        current.save(update_fields=["locked_by", "locked_at"])
    return current


@transaction.atomic
def document_check_in(*, actor, document):
    """Release the actor's own lock (without a new version). Returns whether it was theirs."""
    current = locked(document)
    if current.locked_by_id is None or current.locked_by_id != actor.pk:
        return False
    current.locked_by, current.locked_at = None, None
    current.save(update_fields=["locked_by", "locked_at"])
    return True


@transaction.atomic
def lock_break(*, actor, document):
    """A manager releases someone else's lock. Audited; records `documents.lock_broken`, which
    tells the person who held it. Returns the former holder (None if it was not locked)."""
    current = locked(document)
    holder, since = current.locked_by, current.locked_at
    if holder is None:
        return None
    current.locked_by, current.locked_at = None, None
    current.save(update_fields=["locked_by", "locked_at"])
    audit(actor=actor, action="document.lock_broken", workspace=current.workspace, target=current,
          before={"locked_by": holder.email, "locked_at": since.isoformat() if since else None},
          after={"locked_by": None})
    record(workspace=current.workspace, actor=actor, verb="documents.lock_broken", target=current,
           summary=f"unlocked the document, which {holder.name} had locked for editing", addressed=[holder])
    return holder
