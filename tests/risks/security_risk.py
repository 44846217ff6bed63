"""The risk part's rows (see security.py): a risk's page and timeline; adding, editing,
scoring, moving, reviewing, controls, actions, formal acceptance."""

from ..security.outcomes import LOGIN, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}

MATRIX = {
    "risks:risk": _SEERS,
}
PUBLIC_MATRIX = {
    "risks:risk": _EVERYONE,
}
ARCHIVED = {
    "risks:risk": 200,
}
