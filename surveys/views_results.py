"""What analysts read: the results page (charts and tables per question, filtered by a GET form),
the text answers of a question, the individual responses (not for anonymous surveys), and the
summary published to respondents. Every page is for surveys.analyse_survey, but the summary
(surveys.results_survey); nothing here writes."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from workspaces.kit.keyset import first_page_url, keyset_page
from workspaces.kit.models import Team
from workspaces.kit.questions.answers import display
from workspaces.kit.questions.kinds import Kind, spec
from workspaces.kit.questions.results import summarise
from workspaces.kit.views import crumbs, with_item, workspace_view

from . import results_selectors as results
from . import selectors
from .models import Channel, ResponseStatus

ANALYSE = "surveys.analyse_survey"
CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.DROPDOWN, Kind.SCALE)
ANONYMOUS_REFUSAL = "This survey is anonymous: its responses cannot be read one by one."
MAX_SEARCH_LENGTH = 200


def survey_url(name, survey, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"workspace": survey.workspace.slug, "pk": survey.pk, **kwargs})


def optional_url(name, survey, **kwargs):
    """The address of a page another part of the tool may not have added yet (None until then)."""
    try:
        return survey_url(name, survey, **kwargs)
    except NoReverseMatch:
        return None


def theme_counts(survey, codes):
    """{code: [(theme, count)]} for the text questions (the analysts' codebook of themes)."""
    from . import themes

    return themes.theme_counts(survey, codes)


class FilterForm(forms.Form):
    """The results' filters: a GET form, so that a filtered page is an address to share."""

    status = forms.ChoiceField(label="Responses", choices=results.STATUSES.items(), required=False)
    version = forms.TypedChoiceField(label="Version", coerce=int, required=False, empty_value=None)
    source = forms.ChoiceField(label="Source", required=False)
    team = forms.TypedChoiceField(label="Respondent’s team", coerce=int, required=False, empty_value=None)
    answer = forms.ChoiceField(label="Who answered", required=False)

    def __init__(self, data, *, survey, versions, lined, sources, teams):
        super().__init__(data)
        self.versions = {v.number: v for v in versions}
        self.fields["version"].choices = [("", "All versions"), *((n, f"Version {n}") for n in self.versions)]
        self.fields["source"].choices = [("", "Any source"), *((s, s) for s in sources)]
        self.teams = {team.pk: team for team in teams}
        if survey.anonymous:
            del self.fields["team"]  # nobody's identity is stored with an anonymous survey's answers
        else:
            self.fields["team"].choices = [("", "Any team"), *((pk, t.name) for pk, t in self.teams.items())]
        answers = [("", "Anything")]
        for line in lined:
            if line.question.kind in CHOICE_KINDS:
                label = f"{line.code}. {line.question.text}"[:80]
                answers.append((label, [(f"{line.code}:{o.code}", o.label) for o in line.options
                                        if o.role == "option"]))
        self.fields["answer"].choices = answers

    def filters(self):
        """The Filters chosen (the defaults when the form is not valid: its errors are shown)."""
        if not self.is_valid():
            return results.Filters()
        data = self.cleaned_data
        code, _, choice = (data.get("answer") or "").partition(":")
        return results.Filters(
            status=data.get("status") or "complete", version=self.versions.get(data.get("version")),
            source=data.get("source") or "", team=self.teams.get(data.get("team")), code=code, choice=choice)


def _context(request, survey, *, published_only=False):
    """The results of the survey as the GET filters ask (the summary: unfiltered), per question."""
    versions = results.published_versions(survey)
    lined = results.lined_up(survey, versions)
    form = None
    if published_only:
        filters = results.Filters()
    else:
        teams = [] if survey.anonymous else list(Team.objects.filter(workspace=request.workspace).order_by("name"))
        form = FilterForm(request.GET or None, survey=survey, versions=versions, lined=lined,
                          sources=results.sources(survey), teams=teams)
        filters = form.filters() if request.GET else results.Filters()
    counts = results.counts(survey, lined, filters)
    for line in lined:
        line.summary = summarise(line.question, line.options, counts)
    if published_only:
        lined = [line for line in lined if not line.is_text and line.question.kind not in (Kind.EMAIL, Kind.DATE)]
    return {"workspace": request.workspace, "survey": survey, "lined": lined, "counts": counts, "form": form,
            "filters": filters, "versions": versions}


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, ANALYSE)
def results_page(request, survey):
    context = _context(request, survey)
    texts = [line.code for line in context["lined"] if line.is_text]
    themes = theme_counts(survey, texts) if texts else {}
    for line in context["lined"]:
        line.themes = themes.get(line.code, [])
        if line.is_text or line.summary.other:
            line.text_url = survey_url("text_answers", survey, code=line.code)
        if line.is_text:
            line.tag_url = optional_url("tag_answers", survey, code=line.code)
    return render(request, "surveys/results/results.html", {
        **context, "in_progress": survey.in_progress_count, "analyst": True,
        "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()), ("Results", "")),
    })


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, "surveys.results_survey")
def summary(request, survey):
    """The published summary: the same charts, no text answers and no individual response."""
    if not survey.results_published and request.GET.get("preview") != "1":
        # Analysts get here before publishing: say so instead of a page respondents cannot see.
        return render(request, "surveys/results/not_published.html", {
            "workspace": request.workspace, "survey": survey,
            "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()), ("Summary of results", "")),
        })
    return render(request, "surveys/results/summary.html", {
        **_context(request, survey, published_only=True), "analyst": False,
        "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()), ("Summary of results", "")),
    })


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, ANALYSE)
def text_answers(request, survey, code):
    versions = results.published_versions(survey)
    line = next((line for line in results.lined_up(survey, versions) if line.code == code), None)
    if line is None or not (spec(line.question.kind).text or spec(line.question.kind).other):
        raise Http404("No such question.")
    query = (request.GET.get("q") or "").strip()
    error = ""
    if len(query) > MAX_SEARCH_LENGTH:
        error, query = f"Search for at most {MAX_SEARCH_LENGTH} characters.", query[:MAX_SEARCH_LENGTH]
    status = request.GET.get("status", "complete")
    status = status if status in ("complete", "all") else "complete"
    page = keyset_page(request, results.text_answers(survey, code, query, status), results.TEXT_ORDER,
                       descending=True)
    if page is None:
        return redirect(first_page_url(request))
    return render(request, "surveys/results/text_answers.html", {
        "workspace": request.workspace, "survey": survey, "line": line, "page_obj": page, "query": query,
        "status": status, "error": error, "tag_url": optional_url("tag_answers", survey, code=code),
        "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()),
                         ("Results", survey_url("results", survey)), (f"{code}: answers", "")),
    })


def in_words(question, options, values):
    """The answer in words, as every page says it (kit.questions.answers.display)."""
    return display(question, options, values)


def _refuse_anonymous(request, survey, title):
    return render(request, "surveys/results/anonymous.html", {
        "workspace": request.workspace, "survey": survey, "message": ANONYMOUS_REFUSAL,
        "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()), (title, "")),
    }, status=404)


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, ANALYSE)
def responses(request, survey):
    if survey.anonymous:
        return _refuse_anonymous(request, survey, "Responses")
    status = request.GET.get("status", "")
    status = status if status in ResponseStatus.values else ""
    page = keyset_page(request, results.response_list(survey, status), results.RESPONSE_ORDER, descending=True,
                       count_cap=10_000)
    if page is None:
        return redirect(first_page_url(request))
    return render(request, "surveys/results/responses.html", {
        "workspace": request.workspace, "survey": survey, "page_obj": page, "status": status,
        "statuses": ResponseStatus.choices, "channels": dict(Channel.choices),
        "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()),
                         ("Results", survey_url("results", survey)), ("Responses", "")),
    })


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, ANALYSE)
def response(request, survey, response_id):
    if survey.anonymous:
        return _refuse_anonymous(request, survey, "Response")
    found = results.response_list(survey).filter(pk=response_id).first()
    if found is None:
        raise Http404("No such response.")
    answers = [(question, in_words(question, options, values) if values else "")
               for question, options, values in results.response_answers(found)]
    return render(request, "surveys/results/response.html", {
        "workspace": request.workspace, "survey": survey, "response": found, "answers": answers,
        "channels": dict(Channel.choices),
        "crumbs": crumbs(request, (survey.title, survey.get_absolute_url()),
                         ("Responses", survey_url("responses", survey)), (f"Response {found.pk}", "")),
    })
