"""The results part's rows (see security.py). Results, text answers and responses are the
analysts' (surveys.analyse_survey: decided as "change": the survey's author, the manager, and
site admins); the summary is whoever sees the survey once its results are published (its own
survey, `published_survey`, with results_published on)."""

from ..security.outcomes import LOGIN, WORKSPACE
from .builders import SAMPLE_PAGES, make_survey

_ANALYSTS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
             "manager": 200, "site_admin": 200}
_PUBLIC_ANALYSTS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                    "site_admin": 200}

MATRIX = {
    "surveys:results": _ANALYSTS,
    "surveys:text_answers": _ANALYSTS,
    "surveys:responses": _ANALYSTS,
    "surveys:response": _ANALYSTS,
    "surveys:summary": {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200,
                        "contributor": 200, "manager": 200, "site_admin": 200},
}
PUBLIC_MATRIX = {
    "surveys:results": _PUBLIC_ANALYSTS,
    "surveys:text_answers": _PUBLIC_ANALYSTS,
    "surveys:responses": _PUBLIC_ANALYSTS,
    "surveys:response": _PUBLIC_ANALYSTS,
    "surveys:summary": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                        "site_admin": 200},
}
# Analysing is decided as "change", which an archived workspace refuses even to its managers;
# the published summary stays readable.
ARCHIVED = {
    "surveys:results": 200,  # reading what was collected
    "surveys:text_answers": 200,  # reading what was collected
    "surveys:responses": 200,  # reading what was collected
    "surveys:response": 200,  # reading what was collected
    "surveys:summary": 200,
}
URL_KWARGS = {
    "code": lambda place: "Q6",
    "response_id": lambda place: place.survey_response.pk,
}
NAME_KWARGS = {"surveys:summary": {"pk": lambda place: place.published_survey.pk}}
OBJECT_PARAMS = {"response_id"}


def build(place, personas, objects):
    """A submitted response to the live survey, and a survey whose results are published."""
    from surveys.models import Answer, Response, Survey

    survey = objects["survey"]
    response = Response.objects.create(survey=survey, version=survey.live_version, status="submitted",
                                       respondent=personas["reader"])
    question = survey.live_version.questions.get(code="Q6")
    Answer.objects.create(response=response, survey=survey, question=question, code="Q6", text="Secret view")
    published = make_survey(place.workspace, personas["manager"], pages=SAMPLE_PAGES,
                            title=f"Published survey of {place.key}",
                            view_access="anyone" if place.key == "public" else "members")
    Survey.objects.filter(pk=published.pk).update(results_published=True)
    return {"survey_response": response, "published_survey": Survey.objects.get(pk=published.pk)}
