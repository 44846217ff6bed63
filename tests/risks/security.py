"""Risk registers: what each persona gets from each URL of the tool (tests/security/tables.py
says what the names mean). Each part keeps its rows in its own module (security_<part>.py, the
same names); this one merges them and builds the objects."""

from . import security_import, security_register, security_risk
from .builders import make_register, make_risk

PARTS = (security_register, security_risk, security_import)


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
URL_KWARGS = {"pk": lambda place: place.register.pk, "register": lambda place: place.register.pk,
              "number": lambda place: place.risk.number, **_merged("URL_KWARGS")}
NAME_KWARGS = _merged("NAME_KWARGS")
OBJECT_PARAMS = set().union(*(getattr(part, "OBJECT_PARAMS", set()) for part in PARTS))


def build(place, personas):
    """A register by the manager (seen by members, or by anyone in the public workspace; kept by
    managers) with an open Financial risk owned by the contributor and the contributor's
    suggestion; a deleted register; then whatever each part adds (its build(place, personas, objects))."""
    from risks.models import Register

    manager = personas["manager"]
    access = "anyone" if place.key == "public" else "members"
    register = make_register(place.workspace, manager, title=f"Risks of {place.key}", view_access=access)
    contributor = personas.get("contributor")
    risk = make_risk(register, manager, title=f"Budget overrun in {place.key}", category="Financial",
                     owner=contributor)
    objects = {"register": register, "risk": risk}
    # The contributor's suggestion (the manager's where a world has no contributor: the rows ask for one).
    objects["proposed_risk"] = make_risk(register, contributor or manager, stage="proposed",
                                         title=f"Suggested in {place.key}")
    gone = make_register(place.workspace, manager, title=f"Old risks of {place.key}", view_access=access)
    Register.objects.filter(pk=gone.pk).update(is_deleted=True)
    objects["deleted_register"] = Register.objects.get(pk=gone.pk)
    for part in PARTS:
        if hasattr(part, "build"):
            objects.update(part.build(place, personas, objects) or {})
    return objects
