"""The iTIP emails (RFC 5546) an event's invitees get: filled in by the invitations part.

    event_changed(event, actor=..., cancelled=False, occurrence=None)
        called by the events part in the transaction of every change invitees must hear of
        (services.event_update's `significant`, a cancellation, a change to one occurrence):
        queues one email per invitee carrying METHOD:REQUEST (or CANCEL) with the event's UID and
        its new SEQUENCE (diaries.ical)."""


def event_changed(event, *, actor, cancelled=False, occurrence=None):
    return None
