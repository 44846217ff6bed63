"""The managing part's rows (see security.py): the list, adding, editing, publishing, closing,
deleting and restoring polls; who took part; the vote times.

The open poll (place.poll) and the draft were added by the manager (change access: managers), so
contributors add polls but do not run these; readers add none. The draft is hidden (404) from
all but its author and the managers."""

from polls.models import Poll, Status

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}
_ADDERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200,
           "manager": 200, "site_admin": 200}
_RUNNERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
            "manager": 200, "site_admin": 200}
# The draft, and a deleted poll: not found for a contributor, who neither wrote nor manages it.
_RUNNERS_OF_HIDDEN = {**_RUNNERS, "contributor": 404}
_DONE = {"manager": REDIRECT, "site_admin": REDIRECT}

_PUBLIC_ADDERS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                  "site_admin": 200}
_PUBLIC_RUNNERS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                   "site_admin": 200}
_PUBLIC_RUNNERS_OF_HIDDEN = {**_PUBLIC_RUNNERS, "contributor": 404}

MATRIX = {
    "polls:index": _SEERS,
    "polls:create": _ADDERS,
    "polls:deleted": _ADDERS,
    "polls:edit": _RUNNERS,
    "polls:publish": _RUNNERS_OF_HIDDEN,
    "polls:close": _RUNNERS,
    "polls:delete": _RUNNERS,
    "polls:restore": _RUNNERS_OF_HIDDEN,
    "polls:participants": _RUNNERS,
    "polls:export": _RUNNERS,
}
PUBLIC_MATRIX = {
    "polls:index": _EVERYONE,
    "polls:create": _PUBLIC_ADDERS,
    "polls:deleted": _PUBLIC_ADDERS,
    "polls:edit": _PUBLIC_RUNNERS,
    "polls:publish": _PUBLIC_RUNNERS_OF_HIDDEN,
    "polls:close": _PUBLIC_RUNNERS,
    "polls:delete": _PUBLIC_RUNNERS,
    "polls:restore": _PUBLIC_RUNNERS_OF_HIDDEN,
    "polls:participants": _PUBLIC_RUNNERS,
    "polls:export": _PUBLIC_RUNNERS,
}
ARCHIVED = {
    "polls:index": 200,
    "polls:create": 403,
    "polls:deleted": 403,
    "polls:edit": 403,
    "polls:publish": 403,
    "polls:close": 403,
    "polls:delete": 403,
    "polls:restore": 403,
    # Running a poll (who took part, the vote times) is refused in a read-only workspace.
    "polls:participants": 403,
    "polls:export": 403,
}

POST_DATA = {
    "polls:create": {"question": "Injected poll?", "description": "", "options": "Yes\nNo", "kind": "single",
                     "max_choices": "", "opens_at": "", "closes_at": "", "results": "after_vote",
                     "view_access": "members", "change_access": "managers"},
    "polls:edit": {"question": "Defaced?", "description": "", "options": "Yes\nNo", "kind": "single",
                   "max_choices": "", "opens_at": "", "closes_at": "", "results": "after_vote",
                   "view_access": "members", "change_access": "managers"},
    "polls:publish": {},
    "polls:close": {},
    "polls:delete": {},
    "polls:restore": {},
}
POST_MATRIX = {
    "polls:create": {**_ADDERS, **_DONE, "contributor": REDIRECT},
    "polls:edit": {**_RUNNERS, **_DONE},
    "polls:publish": {**_RUNNERS_OF_HIDDEN, **_DONE},
    "polls:close": {**_RUNNERS, **_DONE},
    "polls:delete": {**_RUNNERS, **_DONE},
    "polls:restore": {**_RUNNERS_OF_HIDDEN, **_DONE},
}
EFFECTS = {
    "polls:create": lambda place: Poll.objects.filter(workspace=place.workspace, question="Injected poll?").exists(),
    "polls:edit": lambda place: Poll.objects.get(pk=place.poll.pk).question == "Defaced?",
    "polls:publish": lambda place: Poll.objects.get(pk=place.draft_poll.pk).status == Status.LIVE,
    "polls:close": lambda place: not Poll.objects.get(pk=place.poll.pk).is_open(),
    "polls:delete": lambda place: Poll.objects.get(pk=place.poll.pk).is_deleted,
    "polls:restore": lambda place: not Poll.objects.get(pk=place.deleted_poll.pk).is_deleted,
}
AUDITED_READS = {"polls:export"}
NAME_KWARGS = {
    "polls:publish": {"pk": lambda place: place.draft_poll.pk},
    "polls:restore": {"pk": lambda place: place.deleted_poll.pk},
}

