"""The register part's rows (see security.py): registers, the table, the heat map, "as at", the
due lists, exports, the board view, the register's settings."""

from ..security.outcomes import LOGIN, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}

MATRIX = {
    "risks:index": _SEERS,
    "risks:register": _SEERS,
}
PUBLIC_MATRIX = {
    "risks:index": _EVERYONE,
    "risks:register": _EVERYONE,
}
ARCHIVED = {
    "risks:index": 200,
    "risks:register": 200,
}
