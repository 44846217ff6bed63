"""The iTIP emails (RFC 5546) an event's invitees get.

    event_changed(event, actor=..., cancelled=False, occurrence=None)
        called by the events part in the transaction of every change invitees must hear of
        (services.event_update's `significant`, a cancellation, a change to one occurrence):
        queues one email per invitee carrying METHOD:REQUEST (or CANCEL) with the event's UID and
        its new SEQUENCE (diaries.ical), sent when the transaction commits (diaries.mail).

Who is told: everyone invited, and whoever replied "going" or "maybe" without an invitation (they
put it in their calendar too). A change to the whole event sends the event as it now is (METHOD:
REQUEST, SEQUENCE as raised by the change); a cancellation of the whole event, METHOD:CANCEL with
STATUS:CANCELLED and the same UID; a change to one occurrence (`occurrence`: its recurrence id),
REQUEST with the series and its changed occurrences, or, cancelled, CANCEL of that occurrence
alone (its RECURRENCE-ID, the change's raised SEQUENCE)."""

from django.db.models import Q

from . import mail
from .models import Answer, Invitation, Rsvp


def recipients(event):
    """The ids of those told of a change to `event`: invitees, and who replied going or maybe."""
    invited = Invitation.objects.filter(event=event).values_list("user_id", flat=True)
    replied = Rsvp.objects.filter(Q(answer=Answer.YES) | Q(answer=Answer.MAYBE), event=event).values_list(
        "user_id", flat=True)
    return list(dict.fromkeys([*invited, *replied]))


def event_changed(event, *, actor, cancelled=False, occurrence=None):
    """Queue the iTIP email of this change to everyone concerned; the outbox rows' ids."""
    key = getattr(occurrence, "recurrence_id", occurrence) or ""
    people = recipients(event)
    if not people:
        return []
    if cancelled:
        return mail.queue_itip(event, people, method="CANCEL", what="cancelled", occurrence=key)
    return mail.queue_itip(event, people, method="REQUEST", what="updated", occurrence=key)
