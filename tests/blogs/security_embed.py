"""The embed part's rows (see security.py): the latest-news widget. It exists only in a PUBLIC
workspace: in the private one it is not found (anonymous visitors are asked to sign in)."""

from ..security.outcomes import LOGIN, WORKSPACE

MATRIX = {
    "blogs:embed_latest": {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404,
                           "manager": 404, "site_admin": 404},
}
PUBLIC_MATRIX = {
    "blogs:embed_latest": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                           "site_admin": 200},
}
ARCHIVED = {
    "blogs:embed_latest": 404,
}
