"""Forums: what each persona gets from each URL of the tool, and the objects those URLs point
at. Collected by the security walker (tests/security/tables.py documents the names)."""

from forums import services
from forums.models import Board, Thread

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_ALL = {"anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200}
_MANAGERS = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
             "site_admin": 200}

# name: marker, then anonymous, outsider, reader, contributor, manager, site_admin — on the
# PRIVATE workspace. The board is the manager's, open to all members; the thread was started by
# the manager, whose reply (post 2) was edited once.
MATRIX = {
    "forums:index": {"access": WORKSPACE, **_ALL},
    "forums:new_for_me": {"access": WORKSPACE, **_ALL},
    # POST only: a GET is refused (405) once the permission check has passed.
    "forums:mark_all_read": {"access": WORKSPACE,
                             "anonymous": LOGIN, "outsider": 404, "reader": 405, "contributor": 405, "manager": 405,
                             "site_admin": 405},
    # Boards are the managers'.
    "forums:board_create": {"access": WORKSPACE, **_MANAGERS},
    "forums:deleted_boards": {"access": WORKSPACE, **_MANAGERS},
    "forums:board": {"access": WORKSPACE, **_ALL},
    "forums:board_edit": {"access": WORKSPACE, **_MANAGERS},
    "forums:board_delete": {"access": WORKSPACE, **_MANAGERS},
    "forums:board_restore": {"access": WORKSPACE,
                             "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 405,
                             "site_admin": 405},
    # Contributors start threads and reply; everyone who sees the board reads.
    "forums:thread_create": {"access": WORKSPACE,
                             "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                             "site_admin": 200},
    "forums:thread": {"access": WORKSPACE, **_ALL},
    "forums:post": {"access": WORKSPACE,
                    "anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": REDIRECT,
                    "manager": REDIRECT, "site_admin": REDIRECT},
    # A post is edited by its author only (the manager); removed by its author or a moderator
    # (site admins act as managers); its history is the author's and the moderators'.
    "forums:post_edit": {"access": WORKSPACE,
                         "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                         "site_admin": 403},
    "forums:post_remove": {"access": WORKSPACE, **_MANAGERS},
    "forums:post_history": {"access": WORKSPACE, **_MANAGERS},
    # The moderators' thread tools (managers, site admins, the moderators team).
    # The title: its author (the manager started the thread) or a moderator.
    "forums:thread_rename": {"access": WORKSPACE, **_MANAGERS},
    "forums:thread_moderate": {"access": WORKSPACE, **_MANAGERS},
    "forums:thread_move": {"access": WORKSPACE, **_MANAGERS},
    "forums:thread_split": {"access": WORKSPACE, **_MANAGERS},
    "forums:thread_delete": {"access": WORKSPACE, **_MANAGERS},
    "forums:thread_restore": {"access": WORKSPACE, **_MANAGERS},
}

# The same pages on the PUBLIC workspace: anyone reads; only members take part.
PUBLIC_MATRIX = {
    "forums:index": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                     "site_admin": 200},
    "forums:board": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                     "site_admin": 200},
    "forums:thread": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                      "site_admin": 200},
    "forums:post": {"anonymous": REDIRECT, "outsider": REDIRECT, "reader": REDIRECT, "contributor": REDIRECT,
                    "manager": REDIRECT, "site_admin": REDIRECT},
    "forums:new_for_me": {"anonymous": LOGIN, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                          "site_admin": 200},
    "forums:thread_create": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                             "site_admin": 200},
    "forums:post_edit": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                         "site_admin": 403},
    "forums:post_history": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                            "site_admin": 200},
    "forums:thread_moderate": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403,
                               "manager": 200, "site_admin": 200},
    "forums:thread_split": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403,
                            "manager": 200, "site_admin": 200},
}

# An archived workspace is read-only, even for its managers: GET outcomes for the manager and
# the site admin.
ARCHIVED = {
    "forums:index": 200,
    "forums:board": 200,
    "forums:thread": 200,
    "forums:thread_create": 403,
    "forums:board_create": 403,
    "forums:board_edit": 403,
    "forums:post_edit": 403,
    "forums:post_remove": 403,
    "forums:thread_rename": 403,
    "forums:thread_moderate": 403,
    "forums:thread_move": 403,
    "forums:thread_split": 403,
    "forums:thread_delete": 403,
    "forums:thread_restore": 403,
}

# What a POST sends: data a permitted person's POST would succeed with.
POST_DATA = {
    "forums:board_create": {"name": "Injected", "description": "", "position": "1", "premoderation": "nobody",
                            "new_member_days": "7", "view_access": "anyone"},
    "forums:board_edit": {"name": "Defaced", "description": "", "position": "1", "premoderation": "nobody",
                          "new_member_days": "7", "view_access": "anyone"},
    "forums:board_delete": {},
    "forums:board_restore": {},
    "forums:thread_create": {"title": "Injected", "text": "Injected text", "client_key": ""},
    "forums:thread": {"text": "Injected reply", "client_key": ""},
    "forums:post_edit": {"text": "Defaced"},
    "forums:post_remove": {},
    "forums:mark_all_read": {},
    "forums:thread_moderate": {"tool": "lock", "lock-reason": "Injected"},
    "forums:thread_split": {"first": "2", "title": "Injected split"},
    "forums:thread_delete": {},
    "forums:thread_rename": {"title": "Defaced"},
}

POST_MATRIX = {
    "forums:thread_rename": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                             "manager": REDIRECT, "site_admin": REDIRECT},
    "forums:thread_delete": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                             "manager": REDIRECT, "site_admin": REDIRECT},
    "forums:thread_split": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                            "manager": REDIRECT, "site_admin": REDIRECT},
    "forums:thread_moderate": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                               "manager": REDIRECT, "site_admin": REDIRECT},
    # Replying is a POST to the thread's page: contributors may; a reader is refused.
    "forums:thread": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": REDIRECT,
                      "manager": REDIRECT, "site_admin": REDIRECT},
    "forums:mark_all_read": {"anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": REDIRECT,
                             "manager": REDIRECT, "site_admin": REDIRECT},
    "forums:board_restore": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                             "manager": REDIRECT, "site_admin": REDIRECT},
}

# POST-only actions: a permitted POST must have this effect.
EFFECTS = {
    "forums:thread_delete": lambda place: Thread.objects.get(pk=place.forum_thread.pk).is_deleted,
    "forums:board_restore": lambda place: not Board.objects.get(pk=place.deleted_board.pk).is_deleted,
}

# URL argument -> how to fill it from the place (every URL of the tool); per-URL entries win.
URL_KWARGS = {
    "pk": lambda place: place.forum_thread.pk,
    "number": lambda place: 2,
}
_BOARD = {"pk": lambda place: place.board.pk}
NAME_KWARGS = {
    "forums:board": _BOARD,
    "forums:board_edit": _BOARD,
    "forums:board_delete": _BOARD,
    "forums:thread_create": _BOARD,
    "forums:board_restore": {"pk": lambda place: place.deleted_board.pk},
}


def build(place, personas):
    """A board by the manager, open to all; a thread the manager started and replied to (the
    reply edited once); a deleted board."""
    manager = personas["manager"]
    board = services.board_create(actor=manager, workspace=place.workspace, name=f"Board of {place.key}")
    thread = services.thread_create(actor=manager, board=board, title="Workshop dates", text="Which dates?")
    reply = services.reply(actor=manager, thread=thread, text="The 12th works.")
    services.post_edit(actor=manager, post=reply, text="The 12th works for me.")
    gone = services.board_create(actor=manager, workspace=place.workspace, name=f"Old board of {place.key}")
    services.board_delete(actor=manager, board=gone)
    board.refresh_from_db()
    thread.refresh_from_db()
    gone.refresh_from_db()
    return {"board": board, "forum_thread": thread, "deleted_board": gone}
