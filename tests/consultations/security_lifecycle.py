"""The lifecycle part's rows (see security.py). "Status and dates" (manage) is for whoever may
analyse the consultation: its author (the manager), managers and site admins; readers and
contributors are refused, outsiders do not see a private workspace. The actions are the same
people's, decided by change (refused in an archived workspace, where manage stays readable).

Each action is asked of a consultation at the stage it applies to: publish of the draft
(place.draft_consultation, seen by managers only: others are not told it exists), withdraw of a
scheduled one, extend of the open one (place.consultation), start_analysis of a closed one."""

from datetime import timedelta

from django.utils import timezone

from consultations.models import Consultation, Status

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE
from .builders import make_consultation

_STAFF = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200}
# A POST-only URL: a GET is refused (405) once the permission checks have passed.
_STAFF_POST_ONLY = {**_STAFF, "manager": 405, "site_admin": 405}
_STAFF_DONE = {**_STAFF, "manager": REDIRECT, "site_admin": REDIRECT}
# The draft: not there for whoever may not see it (its managers and author only).
_DRAFT_STAFF = {**_STAFF, "reader": 404, "contributor": 404}

MATRIX = {
    "consultations:manage": {"access": WORKSPACE, **_STAFF},
    "consultations:publish": {"access": WORKSPACE, **_DRAFT_STAFF},
    "consultations:withdraw": {"access": WORKSPACE, **_STAFF_POST_ONLY},
    "consultations:extend": {"access": WORKSPACE, **_STAFF},
    "consultations:start_analysis": {"access": WORKSPACE, **_STAFF_POST_ONLY},
}

# The public workspace: anyone sees the consultations, no one outside their staff runs them.
_PUBLIC_STAFF = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                 "site_admin": 200}
PUBLIC_MATRIX = {
    "consultations:manage": _PUBLIC_STAFF,
    "consultations:publish": {**_PUBLIC_STAFF, "outsider": 404, "reader": 404, "contributor": 404},
    "consultations:withdraw": {**_PUBLIC_STAFF, "manager": 405, "site_admin": 405},
    "consultations:extend": _PUBLIC_STAFF,
    "consultations:start_analysis": {**_PUBLIC_STAFF, "manager": 405, "site_admin": 405},
}

# Archived: the status page is still readable by its staff; nothing changes.
ARCHIVED = {
    "consultations:manage": 200,
    "consultations:publish": 403,
    "consultations:withdraw": 403,
    "consultations:extend": 403,
    "consultations:start_analysis": 403,
}

_LATER = (timezone.now() + timedelta(weeks=20)).strftime("%Y-%m-%dT%H:%M")

POST_DATA = {
    "consultations:publish": {"period_reason": "Agreed with the minister: the rules start in spring."},
    "consultations:withdraw": {},
    "consultations:extend": {"closes_at": _LATER, "reason": "Two councils asked for more time."},
    "consultations:start_analysis": {},
}
POST_MATRIX = {
    "consultations:publish": {**_DRAFT_STAFF, "manager": REDIRECT, "site_admin": REDIRECT},
    "consultations:withdraw": _STAFF_DONE,
    "consultations:extend": _STAFF_DONE,
    "consultations:start_analysis": _STAFF_DONE,
}


def _status(pk):
    return Consultation.objects.get(pk=pk).status


EFFECTS = {
    "consultations:publish": lambda place: _status(place.draft_consultation.pk) == Status.LIVE,
    "consultations:withdraw": lambda place: _status(place.scheduled_consultation.pk) == Status.DRAFT,
    "consultations:extend": lambda place: Consultation.objects.get(pk=place.consultation.pk).closes_at
    > place.consultation.closes_at + timedelta(weeks=1),
    "consultations:start_analysis": lambda place: _status(place.closed_for_analysis.pk) == Status.ANALYSING,
}

NAME_KWARGS = {
    "consultations:publish": {"pk": lambda place: place.draft_consultation.pk},
    "consultations:withdraw": {"pk": lambda place: place.scheduled_consultation.pk},
    "consultations:start_analysis": {"pk": lambda place: place.closed_for_analysis.pk},
}


def build(place, personas, objects):
    """A scheduled consultation (to withdraw) and a closed one (to analyse), by the manager."""
    manager = personas["manager"]
    access = "anyone" if place.key == "public" else "members"
    scheduled = make_consultation(place.workspace, manager, stage="scheduled", view_access=access,
                                  title=f"Scheduled consultation of {place.key}")
    closed = make_consultation(place.workspace, manager, stage="closed", view_access=access,
                               title=f"Closed consultation of {place.key}")
    return {"scheduled_consultation": scheduled, "closed_for_analysis": closed}
