"""The authoring part's rows (see security.py)."""

from ..security.outcomes import LOGIN, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}

MATRIX = {
    "consultations:index": _SEERS,
}
PUBLIC_MATRIX = {
    "consultations:index": _EVERYONE,
}
ARCHIVED = {
    "consultations:index": 200,
}
