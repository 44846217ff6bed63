"""The voting part's rows (see security.py): a poll's page, voting, who chose what.

Every member votes in the private workspace's open named poll (the contributor has voted: a
second vote changes theirs); the site admin, no member, is refused (403, the reason on the
page). In the public workspace anyone may vote in it (a poll anyone sees, sign-in not
required). "Who chose what" is for those who run a named poll."""

from polls.models import Option, Participation

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}
_SENT_BACK = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": REDIRECT,
              "manager": REDIRECT, "site_admin": REDIRECT}
_RUNNERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
            "manager": 200, "site_admin": 200}


class _OptionOf:
    """The private open poll's option `label`, looked up when the POST is sent (the world's ids
    are not known when this table is written)."""

    def __init__(self, label):
        self.label = label

    def __str__(self):
        return str(Option.objects.get(poll__question="Reopen the river path in private?", label=self.label).pk)


MATRIX = {
    "polls:poll": _SEERS,
    "polls:vote": _SENT_BACK,
    "polls:choices": _RUNNERS,
}
PUBLIC_MATRIX = {
    "polls:poll": _EVERYONE,
    "polls:vote": {"anonymous": REDIRECT, "outsider": REDIRECT, "reader": REDIRECT, "contributor": REDIRECT,
                   "manager": REDIRECT, "site_admin": REDIRECT},
    "polls:choices": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                      "site_admin": 200},
}
ARCHIVED = {
    "polls:poll": 200,
    "polls:vote": REDIRECT,
    "polls:choices": 403,  # running the poll, refused in a read-only workspace
}
POST_DATA = {
    "polls:vote": {"choices": _OptionOf("No")},
}
POST_MATRIX = {
    # The site admin is no member of the private workspace: refused, with the reason on the page.
    "polls:vote": {**_SENT_BACK, "site_admin": 403},
}
EFFECTS = {
    "polls:vote": lambda place: Participation.objects.filter(poll=place.poll, user=place.manager).exists(),
}
