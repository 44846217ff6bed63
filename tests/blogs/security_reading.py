"""The reading part's rows (see security.py): the blogs' pages, a blog, a post and its comments,
tags, authors, social links."""

from ..security.outcomes import LOGIN, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}

MATRIX = {
    "blogs:index": _SEERS,
    "blogs:blog": _SEERS,
    "blogs:post": _SEERS,
}
PUBLIC_MATRIX = {
    "blogs:index": _EVERYONE,
    "blogs:blog": _EVERYONE,
    "blogs:post": _EVERYONE,
}
ARCHIVED = {
    "blogs:index": 200,
    "blogs:blog": 200,
    "blogs:post": 200,
}
