"""The managing part's rows (see security.py): the list, adding, editing, publishing, deleting
and restoring polls; who took part; the vote times."""

from ..security.outcomes import LOGIN, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}

MATRIX = {
    "polls:index": _SEERS,
}
PUBLIC_MATRIX = {
    "polls:index": _EVERYONE,
}
ARCHIVED = {
    "polls:index": 200,
}
