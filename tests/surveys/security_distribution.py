"""The distribution part's rows (see security.py): invitations, the personal link, reminders,
the response-rate panel. place.survey is the manager's, open to members (anyone on the public
workspace), built by the managers only (change access "managers")."""

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_STAFF = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200}
_STAFF_PUBLIC = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                 "site_admin": 200}
_STAFF_POST = {**_STAFF, "manager": REDIRECT, "site_admin": REDIRECT}

MATRIX = {
    # Distributing and analysing are the survey's builders' (the policy decides them as "change").
    "surveys:invite": {"access": WORKSPACE, **_STAFF},
    "surveys:reminders": {"access": WORKSPACE, **_STAFF},
    "surveys:response_rate": {"access": WORKSPACE, **_STAFF},
    # A personal link (the reader's): to the survey's page for whoever may see it, through
    # sign-in for someone signed out; it marks nothing.
    "surveys:invited": {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": REDIRECT,
                        "contributor": REDIRECT, "manager": REDIRECT, "site_admin": REDIRECT},
}
PUBLIC_MATRIX = {
    "surveys:invite": _STAFF_PUBLIC,
    "surveys:reminders": _STAFF_PUBLIC,
    "surveys:response_rate": _STAFF_PUBLIC,
    "surveys:invited": {"anonymous": REDIRECT, "outsider": REDIRECT, "reader": REDIRECT, "contributor": REDIRECT,
                        "manager": REDIRECT, "site_admin": REDIRECT},
}
# Archived: read-only; the panel is an "analyse", which the policy decides as "change".
ARCHIVED = {
    "surveys:invite": 403,
    "surveys:reminders": 403,
    "surveys:response_rate": 200,  # reading what was collected
    "surveys:invited": REDIRECT,
}
POST_DATA = {
    "surveys:invite": {"audience": "everyone", "people": ""},
    "surveys:reminders": {"action": "add", "add-due_at": "2099-01-15T09:00"},
}
POST_MATRIX = {
    "surveys:invite": _STAFF_POST,
    "surveys:reminders": _STAFF_POST,
}


def _invited(place):
    from surveys.models import Participation

    return Participation.objects.filter(survey=place.survey, user__email="reader@example.org",
                                        invited_at__isnull=False).exists()


def _reminder_added(place):
    from surveys import distribution

    return any(r.due_at.year == 2099 for r in distribution.scheduled(place.survey))


EFFECTS = {
    "surveys:invite": _invited,
    "surveys:reminders": _reminder_added,
}
NAME_KWARGS = {"surveys:invited": {"token": lambda place: place.invitation_token}}


def build(place, personas, objects):
    """A personal link of the reader's to the live survey (as an invitation writes it)."""
    from surveys import distribution
    from surveys.models import Participation

    token, hashed = distribution.invitation_token()
    Participation.objects.create(survey=objects["survey"], user=personas["reader"], invitation_hash=hashed)
    return {"invitation_token": token}
