"""The building part's rows (see security.py). The builder's pages are the survey's builders':
its author (the manager), managers and site admins; contributors and readers are refused, and
outsiders do not see a private workspace. On the public workspace an outsider sees the survey
(anyone may) but may not build it. Each page or question in a URL is one of the live survey's
DRAFT (place.survey: SAMPLE_PAGES, three pages)."""

from surveys.models import Page, Question, Survey

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE
from .builders import make_survey, q

_ALL = {"anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200}
_BUILDERS = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
             "site_admin": 200}
# A POST-only URL: a GET is refused (405) once the permission checks have passed.
_BUILDERS_POST_ONLY = {**_BUILDERS, "manager": 405, "site_admin": 405}
_BUILDERS_DONE = {**_BUILDERS, "manager": REDIRECT, "site_admin": REDIRECT}
_PUBLIC_BUILDERS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                    "site_admin": 200}

MATRIX = {
    "surveys:index": {"access": WORKSPACE, **_ALL},
    "surveys:create": {"access": WORKSPACE, **_BUILDERS},
    "surveys:deleted": {"access": WORKSPACE, **_BUILDERS},
    "surveys:settings": {"access": WORKSPACE, **_BUILDERS},
    "surveys:build": {"access": WORKSPACE, **_BUILDERS},
    "surveys:page_add": {"access": WORKSPACE, **_BUILDERS_POST_ONLY},
    "surveys:page_edit": {"access": WORKSPACE, **_BUILDERS},
    "surveys:page_delete": {"access": WORKSPACE, **_BUILDERS},
    "surveys:page_move": {"access": WORKSPACE, **_BUILDERS_POST_ONLY},
    "surveys:page_duplicate": {"access": WORKSPACE, **_BUILDERS_POST_ONLY},
    "surveys:question_add": {"access": WORKSPACE, **_BUILDERS},
    "surveys:question_edit": {"access": WORKSPACE, **_BUILDERS},
    "surveys:question_delete": {"access": WORKSPACE, **_BUILDERS},
    "surveys:question_move": {"access": WORKSPACE, **_BUILDERS_POST_ONLY},
    "surveys:question_duplicate": {"access": WORKSPACE, **_BUILDERS_POST_ONLY},
    "surveys:logic": {"access": WORKSPACE, **_BUILDERS},
    "surveys:publish": {"access": WORKSPACE, **_BUILDERS},
    "surveys:versions": {"access": WORKSPACE, **_BUILDERS},
    "surveys:close": {"access": WORKSPACE, **_BUILDERS_POST_ONLY},
    "surveys:reopen": {"access": WORKSPACE, **_BUILDERS_POST_ONLY},
    "surveys:delete": {"access": WORKSPACE, **_BUILDERS},
    "surveys:restore": {"access": WORKSPACE, **_BUILDERS},
    "surveys:duplicate": {"access": WORKSPACE, **_BUILDERS_POST_ONLY},
}

PUBLIC_MATRIX = {
    "surveys:index": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                      "site_admin": 200},
    "surveys:create": _PUBLIC_BUILDERS,
    "surveys:settings": _PUBLIC_BUILDERS,
    "surveys:build": _PUBLIC_BUILDERS,
    "surveys:page_edit": _PUBLIC_BUILDERS,
    "surveys:question_add": _PUBLIC_BUILDERS,
    "surveys:question_edit": _PUBLIC_BUILDERS,
    "surveys:logic": _PUBLIC_BUILDERS,
    # The draft to open is for members only, so an outsider does not find it.
    "surveys:publish": {**_PUBLIC_BUILDERS, "outsider": 404},
    "surveys:versions": _PUBLIC_BUILDERS,
    "surveys:delete": _PUBLIC_BUILDERS,
}

# Archived: read-only, even for managers.
ARCHIVED = {
    "surveys:index": 200,
    "surveys:create": 403,
    "surveys:settings": 403,
    "surveys:build": 403,
    "surveys:page_edit": 403,
    "surveys:question_add": 403,
    "surveys:question_edit": 403,
    "surveys:publish": 403,
    "surveys:delete": 403,
    "surveys:restore": 403,
}

POST_DATA = {
    "surveys:create": {"title": "Injected survey", "description": "", "opens_at": "", "closes_at": "",
                       "view_access": "members", "change_access": "managers", "closing_message": ""},
    "surveys:settings": {"title": "Defaced", "description": "", "opens_at": "", "closes_at": "",
                         "view_access": "members", "change_access": "managers", "closing_message": ""},
    "surveys:page_add": {},
    "surveys:page_edit": {"title": "Defaced page", "intro": ""},
    "surveys:page_delete": {},
    "surveys:page_move": {"direction": "down"},
    "surveys:page_duplicate": {},
    "surveys:question_add": {"kind": "short_text", "code": "Injected", "text": "Injected?"},
    "surveys:question_edit": {"kind": "long_text", "code": "Q6", "text": "Defaced?"},
    "surveys:question_delete": {},
    "surveys:question_move": {"direction": "up"},
    "surveys:question_duplicate": {},
    "surveys:publish": {},
    "surveys:close": {},
    "surveys:reopen": {},
    "surveys:delete": {},
    "surveys:restore": {},
    "surveys:duplicate": {},
}

POST_MATRIX = {name: _BUILDERS_DONE for name in POST_DATA}


def _draft_of(place):
    return Survey.objects.get(pk=place.survey.pk).draft_version


def _first_page(place):
    return Page.objects.filter(version=_draft_of(place)).order_by("position").first()


def _q6(place):
    return Question.objects.get(version=_draft_of(place), code="Q6")


EFFECTS = {
    "surveys:create": lambda place: Survey.objects.filter(workspace=place.workspace, title="Injected survey").exists(),
    "surveys:settings": lambda place: Survey.objects.get(pk=place.survey.pk).title == "Defaced",
    "surveys:page_add": lambda place: _draft_of(place).pages.count() == 4,
    "surveys:page_edit": lambda place: _draft_of(place).pages.filter(title="Defaced page").exists(),
    "surveys:page_delete": lambda place: _draft_of(place).pages.count() == 2,
    "surveys:page_move": lambda place: _first_page(place).title == "Your journey",
    "surveys:page_duplicate": lambda place: _draft_of(place).pages.count() == 4,
    "surveys:question_add": lambda place: _draft_of(place).questions.filter(code="Injected").exists(),
    "surveys:question_edit": lambda place: _q6(place).text == "Defaced?",
    "surveys:question_delete": lambda place: not _draft_of(place).questions.filter(code="Q6").exists(),
    "surveys:question_move": lambda place: _q6(place).position == 2,
    "surveys:question_duplicate": lambda place: _draft_of(place).questions.count() == 7,
    "surveys:publish": lambda place: Survey.objects.get(pk=place.building_draft.pk).is_live,
    "surveys:close": lambda place: Survey.objects.get(pk=place.survey.pk).closes_at is not None,
    "surveys:reopen": lambda place: Survey.objects.get(pk=place.closed_survey.pk).closes_at is None,
    "surveys:delete": lambda place: Survey.objects.get(pk=place.survey.pk).is_deleted,
    "surveys:restore": lambda place: not Survey.objects.get(pk=place.deleted_survey.pk).is_deleted,
    "surveys:duplicate": lambda place: Survey.objects.filter(title=f"Copy of {place.survey.title}").exists(),
}

URL_KWARGS = {
    "page": lambda place: _first_page(place).pk,
    "question": lambda place: _q6(place).pk,
}
NAME_KWARGS = {
    "surveys:publish": {"pk": lambda place: place.building_draft.pk},
    "surveys:reopen": {"pk": lambda place: place.closed_survey.pk},
    "surveys:restore": {"pk": lambda place: place.deleted_survey.pk},
}
OBJECT_PARAMS = {"page", "question"}


def build(place, personas, objects):
    """A draft that passes the logic check (to open), and a live survey that has closed (to reopen)."""
    from datetime import timedelta

    from django.utils import timezone

    manager = personas["manager"]
    pages = [[q("Q1", "single", "Do you cycle?", options=["Yes", "No"])],
             [q("Q2", "long_text", "Why?", show_if=("Q1", "is", "o1"))]]
    draft = make_survey(place.workspace, manager, pages=pages, live=False, title=f"Ready draft of {place.key}")
    closed = make_survey(place.workspace, manager, pages=pages, title=f"Closed survey of {place.key}",
                         opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(days=2))
    return {"building_draft": draft, "closed_survey": closed}
