"""The building part's rows (see security.py)."""

from ..security.outcomes import LOGIN, WORKSPACE

MATRIX = {
    "surveys:index": {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
                      "manager": 200, "site_admin": 200},
}
PUBLIC_MATRIX = {
    "surveys:index": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                      "site_admin": 200},
}
ARCHIVED = {"surveys:index": 200}
