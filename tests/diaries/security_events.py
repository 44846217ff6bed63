"""The events part's rows (see security.py): diaries (list, details, deleting and restoring);
adding, changing (this / this and following / all), cancelling events; an event's page, its
agenda and minutes.

The diary, its one-off meeting (place.event) and its weekly series were added by the manager;
any contributor may add events to the diary (its organisers: "any contributor"), but only the
event's organiser and managers change or cancel it. Diaries' details are for managers; a deleted
diary is hidden (404) from all but managers."""

from diaries.models import Diary, Event, EventStatus

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}
_ORGANISERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200,
               "manager": 200, "site_admin": 200}
_MANAGERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
             "manager": 200, "site_admin": 200}
_MANAGERS_OF_HIDDEN = {**_MANAGERS, "reader": 404, "contributor": 404}
_DONE = {"manager": REDIRECT, "site_admin": REDIRECT}

_PUBLIC_ORGANISERS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                      "site_admin": 200}
_PUBLIC_MANAGERS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                    "site_admin": 200}
_PUBLIC_MANAGERS_OF_HIDDEN = {**_PUBLIC_MANAGERS, "outsider": 404, "reader": 404,
                              "contributor": 404}

MATRIX = {
    "diaries:index": _SEERS,
    "diaries:create": _MANAGERS,
    "diaries:deleted": _MANAGERS,
    "diaries:diary": _SEERS,
    "diaries:edit": _MANAGERS,
    "diaries:delete": _MANAGERS,
    "diaries:restore": _MANAGERS_OF_HIDDEN,
    "diaries:add": _ORGANISERS,
    "diaries:event": _SEERS,
    "diaries:edit_event": _MANAGERS,
    "diaries:cancel_event": _MANAGERS,
    "diaries:notes": _MANAGERS,
}
PUBLIC_MATRIX = {
    "diaries:index": _EVERYONE,
    "diaries:create": _PUBLIC_MANAGERS,
    "diaries:deleted": _PUBLIC_MANAGERS,
    "diaries:diary": _EVERYONE,
    "diaries:edit": _PUBLIC_MANAGERS,
    "diaries:delete": _PUBLIC_MANAGERS,
    "diaries:restore": _PUBLIC_MANAGERS_OF_HIDDEN,
    "diaries:add": _PUBLIC_ORGANISERS,
    "diaries:event": _EVERYONE,
    "diaries:edit_event": _PUBLIC_MANAGERS,
    "diaries:cancel_event": _PUBLIC_MANAGERS,
    "diaries:notes": _PUBLIC_MANAGERS,
}
ARCHIVED = {
    "diaries:index": 200,
    "diaries:create": 403,
    "diaries:deleted": 403,
    "diaries:diary": 200,
    "diaries:edit": 403,
    "diaries:delete": 403,
    "diaries:restore": 403,
    "diaries:add": 403,
    "diaries:event": 200,
    "diaries:edit_event": 403,
    "diaries:cancel_event": 403,
    "diaries:notes": 403,
}

_TIMES = {"start_date": "2030-01-07", "start_time": "10:00", "end_date": "2030-01-07", "end_time": "11:00",
          "time_zone": "Europe/London", "repeat": "", "interval": "1", "ends": "never"}
POST_DATA = {
    "diaries:create": {"title": "Injected diary", "description": "", "organisers": "contributors",
                       "view_access": "members", "change_access": "managers"},
    "diaries:edit": {"title": "Defaced diary", "description": "", "organisers": "contributors",
                     "view_access": "members", "change_access": "managers"},
    "diaries:delete": {},
    "diaries:restore": {},
    "diaries:add": {"title": "Injected event", **_TIMES},
    "diaries:edit_event": {"title": "Defaced event", **_TIMES},
    "diaries:cancel_event": {},
    "diaries:notes": {"agenda": "Injected agenda", "minutes": ""},
}
POST_MATRIX = {
    "diaries:create": {**_MANAGERS, **_DONE},
    "diaries:edit": {**_MANAGERS, **_DONE},
    "diaries:delete": {**_MANAGERS, **_DONE},
    "diaries:restore": {**_MANAGERS_OF_HIDDEN, **_DONE},
    "diaries:add": {**_ORGANISERS, **_DONE, "contributor": REDIRECT},
    "diaries:edit_event": {**_MANAGERS, **_DONE},
    "diaries:cancel_event": {**_MANAGERS, **_DONE},
    "diaries:notes": {**_MANAGERS, **_DONE},
}
EFFECTS = {
    "diaries:create": lambda place: Diary.objects.filter(workspace=place.workspace, title="Injected diary").exists(),
    "diaries:edit": lambda place: Diary.objects.get(pk=place.diary.pk).title == "Defaced diary",
    "diaries:delete": lambda place: Diary.objects.get(pk=place.diary.pk).is_deleted,
    "diaries:restore": lambda place: not Diary.objects.get(pk=place.deleted_diary.pk).is_deleted,
    "diaries:add": lambda place: Event.objects.filter(diary=place.diary, title="Injected event").exists(),
    "diaries:edit_event": lambda place: Event.objects.get(pk=place.event.pk).title == "Defaced event",
    "diaries:cancel_event": lambda place: Event.objects.get(pk=place.event.pk).status == EventStatus.CANCELLED,
    "diaries:notes": lambda place: Event.objects.get(pk=place.event.pk).agenda == "Injected agenda",
}
_DIARY = {"pk": lambda place: place.diary.pk}
NAME_KWARGS = {
    "diaries:edit": _DIARY,
    "diaries:delete": _DIARY,
    "diaries:add": _DIARY,
    "diaries:restore": {"pk": lambda place: place.deleted_diary.pk},
}
