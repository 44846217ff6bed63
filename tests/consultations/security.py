"""Consultations: what each persona gets from each URL of the tool (tests/security/tables.py
says what the names mean). Each part of the tool keeps its rows in its own module
(security_<part>.py, the same names); this one merges them and builds the objects."""

from . import (
    security_analysis,
    security_authoring,
    security_campaigns,
    security_lifecycle,
    security_publishing,
    security_responding,
)
from .builders import make_consultation, make_response

PARTS = (security_authoring, security_responding, security_analysis, security_campaigns, security_publishing,
         security_lifecycle)


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
URL_KWARGS = {"pk": lambda place: place.consultation.pk, **_merged("URL_KWARGS")}
NAME_KWARGS = _merged("NAME_KWARGS")
OBJECT_PARAMS = set().union(*(getattr(part, "OBJECT_PARAMS", set()) for part in PARTS))


def build(place, personas):
    """An open consultation by the manager (SAMPLE_SECTIONS; seen by members, or by anyone in the
    public workspace); a draft; a deleted one; then whatever each part adds (its
    build(place, personas, objects))."""
    from consultations.models import Consultation

    manager = personas["manager"]
    access = "anyone" if place.key == "public" else "members"
    consultation = make_consultation(place.workspace, manager, title=f"River bathing of {place.key}",
                                     view_access=access)
    draft = make_consultation(place.workspace, manager, stage="draft", title=f"Draft of {place.key}",
                              view_access=access)
    gone = make_consultation(place.workspace, manager, title=f"Old consultation of {place.key}", view_access=access)
    Consultation.objects.filter(pk=gone.pk).update(is_deleted=True)
    reader, contributor = personas["reader"], personas.get("contributor")
    public = make_response(consultation, reader, consent="named", comments=[("2", 4, "Weekly is too rare.")],
                           suggestions=[("2", 5, "Councils may add sites after a public notice.")])
    make_response(consultation, contributor or manager, consent="private", comments=[("1", 1, "Private view.")])
    confidential = make_response(consultation, None, consent="anonymous", channel="letter", entered_by=manager,
                                 comments=[("3", 1, "Confidential detail.")])
    confidential.comments.update(confidential=True)
    make_response(draft, manager, submitted=False, comments=[("1", 1, "A draft's test comment.")])
    objects = {"consultation": consultation, "public_response": public, "draft_consultation": draft,
               "deleted_consultation": Consultation.objects.get(pk=gone.pk)}
    for part in PARTS:
        if hasattr(part, "build"):
            objects.update(part.build(place, personas, objects) or {})
    return objects
