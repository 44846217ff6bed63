"""The exports part's rows (see security.py): the download page and the codebook, the themes
and tagging text answers. All for whoever may analyse the survey (its author — the manager —,
managers and site admins; the survey's change access is "managers")."""

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_ANALYSTS = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
             "site_admin": 200}
_PUBLIC_ANALYSTS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                    "site_admin": 200}
_POSTED = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": REDIRECT,
           "site_admin": REDIRECT}

NAMES = ("surveys:export", "surveys:codebook", "surveys:themes", "surveys:theme_edit", "surveys:theme_delete",
         "surveys:tag_answers")

MATRIX = {name: {"access": WORKSPACE, **_ANALYSTS} for name in NAMES}
PUBLIC_MATRIX = {name: dict(_PUBLIC_ANALYSTS) for name in NAMES}
# Reading what was collected stays open in an archived workspace; themes and tags are changes.
ARCHIVED = {name: 403 for name in NAMES} | {"surveys:export": 200, "surveys:codebook": 200}

POST_DATA = {
    "surveys:themes": {"name": "Injected theme", "description": ""},
    "surveys:theme_edit": {"name": "Defaced theme", "description": "", "position": "1"},
    "surveys:theme_delete": {},
    "surveys:tag_answers": {},
}
POST_MATRIX = {name: dict(_POSTED) for name in POST_DATA}


def _theme_gone(place):
    from surveys.models import Theme

    return not Theme.objects.filter(pk=place.survey_theme.pk).exists()


def _theme_added(place):
    from surveys.models import Theme

    return Theme.objects.filter(survey=place.survey, name="Injected theme").exists()


def _theme_renamed(place):
    from surveys.models import Theme

    return Theme.objects.get(pk=place.survey_theme.pk).name == "Defaced theme"


EFFECTS = {"surveys:theme_delete": _theme_gone, "surveys:themes": _theme_added, "surveys:theme_edit": _theme_renamed}

URL_KWARGS = {"theme_id": lambda place: place.survey_theme.pk, "code": lambda place: "Q6"}
OBJECT_PARAMS = {"theme_id"}


def build(place, personas, objects):
    from surveys.models import Theme

    return {"survey_theme": Theme.objects.create(survey=objects["survey"], name="Road safety", position=1)}
