"""The answering part's rows (see security.py)."""

MATRIX = {}

from ..security.outcomes import LOGIN, WORKSPACE  # noqa: E402

MATRIX = {
    "surveys:survey": {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
                       "manager": 200, "site_admin": 200},
}
PUBLIC_MATRIX = {
    "surveys:survey": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
}
ARCHIVED = {"surveys:survey": 200}
