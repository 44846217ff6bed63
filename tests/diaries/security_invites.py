"""The invitations part's rows (see security.py): inviting, RSVP, the waitlist, who is going.

The world's one-off meeting is the manager's, its attendee list not shown to those invited: who
runs it (the manager, the site admin) invites and sees who is going; every member who sees it
replies (the site admin, no member, is refused with the reason on the page); in the public
workspace anyone sees the reply page, but only members reply."""

from diaries.models import Invitation, Rsvp

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_RUNNERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
            "manager": 200, "site_admin": 200}
_REPLIERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": REDIRECT,
             "contributor": REDIRECT, "manager": REDIRECT, "site_admin": 403}
_PUBLIC_RUNNERS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                   "site_admin": 200}

MATRIX = {
    "diaries:invite": _RUNNERS,
    "diaries:rsvp": _SEERS,
    "diaries:attendees": _RUNNERS,
}
PUBLIC_MATRIX = {
    "diaries:invite": _PUBLIC_RUNNERS,
    "diaries:rsvp": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                     "site_admin": 200},
    "diaries:attendees": _PUBLIC_RUNNERS,
}
ARCHIVED = {
    "diaries:invite": 403,  # running the event: refused in a read-only workspace
    "diaries:rsvp": 200,  # the page, with the reason; replying is refused
    "diaries:attendees": 403,
}
POST_DATA = {
    "diaries:invite": {"people": "reader@example.org"},
    "diaries:rsvp": {"answer": "yes"},
}
POST_MATRIX = {
    "diaries:rsvp": _REPLIERS,
}
EFFECTS = {
    "diaries:invite": lambda place: Invitation.objects.filter(event=place.event, user=place.reader).exists(),
    "diaries:rsvp": lambda place: Rsvp.objects.filter(event=place.event, user=place.manager, answer="yes").exists(),
}
