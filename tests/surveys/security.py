"""Surveys: what each persona gets from each URL of the tool (tests/security/tables.py says
what the names mean). Each part of the tool keeps its rows in its own module
(security_<part>.py, the same names); this one merges them and builds the objects."""

from tests.surveys import security_answering, security_building, security_distribution, security_results

from . import security_exports
from .builders import SAMPLE_PAGES, make_survey

PARTS = (security_building, security_answering, security_results, security_distribution, security_exports)


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
URL_KWARGS = {"pk": lambda place: place.survey.pk, **_merged("URL_KWARGS")}
NAME_KWARGS = _merged("NAME_KWARGS")
OBJECT_PARAMS = set().union(*(getattr(part, "OBJECT_PARAMS", set()) for part in PARTS))


def build(place, personas):
    """A live survey by the manager, open to all members (SAMPLE_PAGES); a draft survey not yet
    opened; a deleted survey; then whatever each part adds (its build(place, personas, objects))."""
    from surveys.models import Survey

    manager = personas["manager"]
    survey = make_survey(place.workspace, manager, pages=SAMPLE_PAGES, title=f"Travel survey of {place.key}",
                         view_access="anyone" if place.key == "public" else "members")
    draft = make_survey(place.workspace, manager, pages=SAMPLE_PAGES, live=False, title=f"Draft of {place.key}")
    gone = make_survey(place.workspace, manager, pages=SAMPLE_PAGES, title=f"Old survey of {place.key}")
    Survey.objects.filter(pk=gone.pk).update(is_deleted=True)
    objects = {"survey": Survey.objects.get(pk=survey.pk), "draft_survey": Survey.objects.get(pk=draft.pk),
               "deleted_survey": Survey.objects.get(pk=gone.pk)}
    for part in PARTS:
        if hasattr(part, "build"):
            objects.update(part.build(place, personas, objects) or {})
    return objects
