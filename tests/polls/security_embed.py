"""The embed part's rows (see security.py): the poll widget, visitors' votes in it, the embed code.

A widget exists only in a PUBLIC workspace: in the private one its addresses are not found (an
anonymous visitor is asked to sign in, as everywhere in a private workspace). The embed code is
for whoever runs the poll (polls.change_poll)."""

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_GONE = {"anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404, "site_admin": 404}

MATRIX = {
    "polls:embed": {"access": WORKSPACE, **_GONE},
    "polls:embed_vote": {"access": WORKSPACE, **_GONE},
    "polls:embed_code": {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                         "manager": 200, "site_admin": 200},
}
PUBLIC_MATRIX = {
    "polls:embed": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    # A GET of the vote's address goes back to the widget.
    "polls:embed_vote": {"anonymous": REDIRECT, "outsider": REDIRECT, "reader": REDIRECT, "contributor": REDIRECT,
                         "manager": REDIRECT, "site_admin": REDIRECT},
    "polls:embed_code": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                         "site_admin": 200},
}
ARCHIVED = {
    "polls:embed": 404,
    "polls:embed_vote": 404,
    "polls:embed_code": 403,  # whoever runs the poll: nobody, while archived
}
# In the private workspace nobody may vote through the widget (tests/polls/test_embed.py votes in
# the public one, with a cookie and the form's token).
POST_DATA = {
    "polls:embed_vote": {"choices": "1", "token": "forged"},
}
POST_MATRIX = {
    "polls:embed_vote": _GONE,
}
