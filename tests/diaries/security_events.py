"""The events part's rows (see security.py): diaries; adding, editing (this / this and
following / all), cancelling events; an event's page, agenda and minutes."""

from ..security.outcomes import LOGIN, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}

MATRIX = {
    "diaries:index": _SEERS,
    "diaries:diary": _SEERS,
    "diaries:event": _SEERS,
}
PUBLIC_MATRIX = {
    "diaries:index": _EVERYONE,
    "diaries:diary": _EVERYONE,
    "diaries:event": _EVERYONE,
}
ARCHIVED = {
    "diaries:index": 200,
    "diaries:diary": 200,
    "diaries:event": 200,
}
