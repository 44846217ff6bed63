"""Polls: what each persona gets from each URL of the tool (tests/security/tables.py says what
the names mean). Each part keeps its rows in its own module (security_<part>.py, the same
names); this one merges them and builds the objects."""

from . import security_embed, security_managing, security_voting
from .builders import cast, make_poll

PARTS = (security_managing, security_voting, security_embed)


def _merged(name):
    merged = {}
    for part in PARTS:
        merged.update(getattr(part, name, {}))
    return merged


MATRIX = _merged("MATRIX")
PUBLIC_MATRIX = _merged("PUBLIC_MATRIX")
ARCHIVED = _merged("ARCHIVED")
POST_DATA = _merged("POST_DATA")
POST_MATRIX = _merged("POST_MATRIX")
EFFECTS = _merged("EFFECTS")
AUDITED_READS = set().union(*(getattr(part, "AUDITED_READS", set()) for part in PARTS))
URL_KWARGS = {"pk": lambda place: place.poll.pk, **_merged("URL_KWARGS")}
NAME_KWARGS = _merged("NAME_KWARGS")
OBJECT_PARAMS = set().union(*(getattr(part, "OBJECT_PARAMS", set()) for part in PARTS))


def build(place, personas):
    """An open named poll by the manager (seen by members, or by anyone in the public workspace,
    where visitors may vote; embeddable), with the contributor's vote; an anonymous closed poll;
    a draft; a deleted poll; then whatever each part adds (its build(place, personas, objects))."""
    from polls.models import Poll

    manager = personas["manager"]
    access = "anyone" if place.key == "public" else "members"
    poll = make_poll(place.workspace, manager, question=f"Reopen the river path in {place.key}?", view_access=access,
                     embed=True)
    closed = make_poll(place.workspace, manager, stage="closed", question=f"Best day in {place.key}?",
                       options=["Monday", "Friday"], anonymous=True, view_access=access)
    draft = make_poll(place.workspace, manager, stage="draft", question=f"Draft of {place.key}?", view_access=access)
    gone = make_poll(place.workspace, manager, question=f"Old poll of {place.key}?", view_access=access)
    Poll.objects.filter(pk=gone.pk).update(is_deleted=True)
    contributor = personas.get("contributor")
    if contributor is not None:
        cast(poll, contributor, "Yes")
        cast(closed, contributor, "Friday")
    objects = {"poll": poll, "closed_poll": closed, "draft_poll": draft, "deleted_poll": Poll.objects.get(pk=gone.pk)}
    for part in PARTS:
        if hasattr(part, "build"):
            objects.update(part.build(place, personas, objects) or {})
    return objects
