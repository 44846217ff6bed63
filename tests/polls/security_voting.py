"""The voting part's rows (see security.py): a poll's page, voting, results."""

from ..security.outcomes import LOGIN, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}

MATRIX = {
    "polls:poll": _SEERS,
}
PUBLIC_MATRIX = {
    "polls:poll": _EVERYONE,
}
ARCHIVED = {
    "polls:poll": 200,
}
