"""Reads for the results pages: the questions lined up by code across versions, the responses a
filter selects, and each question's summary, in a fixed number of queries whatever the number
of responses (the unfiltered page reads the tallies; a filtered one aggregates the answers in SQL).

Who may read any of this is decided by the views (surveys.analyse_survey, surveys.results_survey)."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from workspaces.kit.questions.kinds import spec
from workspaces.kit.questions.logic import AnswerValue
from workspaces.kit.questions.results import counts_from_answers, counts_from_tallies

from .models import Answer, Option, Question, Response, ResponseStatus, SurveyVersion, Tally

MAX_SOURCES = 100
STATUSES = {"complete": "Complete", "partial": "Partial (in progress)", "all": "All"}
TEXT_ORDER = ("id",)  # text answers, newest first (descending keyset)
RESPONSE_ORDER = ("id",)  # responses, newest first


@dataclass
class Filters:
    """What the results are narrowed to (all optional but status)."""

    status: str = "complete"
    version: object = None  # a SurveyVersion
    source: str = ""
    team: object = None  # a Team
    code: str = ""  # with choice: respondents who gave this answer
    choice: str = ""

    @property
    def narrowed(self):
        """Anything beyond a version: the counters cannot answer, the answers must."""
        return self.status != "complete" or bool(self.source or self.team or self.code)

    @property
    def any(self):
        return self.narrowed or self.version is not None


@dataclass
class Lined:
    """One question as results show it: the latest version's wording, in which versions it was asked."""

    question: object
    options: list
    numbers: list  # the version numbers that asked it
    latest: int  # the newest published version's number
    summary: object = None
    themes: list = field(default_factory=list)  # [(theme, count)]: filled by the tagging work

    @property
    def code(self):
        return self.question.code

    @property
    def asked_from(self):
        """"Asked from version 2" / "Asked in versions 1 to 2 only" / "" (every version)."""
        first, last = min(self.numbers), max(self.numbers)
        if last < self.latest:
            return f"Asked in version {first} only" if first == last else \
                f"Asked in versions {first} to {last} only"
        return f"Asked from version {first}" if first > 1 else ""

    @property
    def is_text(self):
        return spec(self.question.kind).text


def published_versions(survey):
    return list(SurveyVersion.objects.filter(survey=survey, published_at__isnull=False).order_by("number"))


def lined_up(survey, versions):
    """The questions of every published version, one per code: the newest wording, in the newest
    version's order; codes no longer asked after them. Two queries."""
    if not versions:
        return []
    by_number = {v.pk: v.number for v in versions}
    questions = (Question.objects.filter(version__in=list(by_number)).select_related("page")
                 .order_by("-version__number", "page__position", "position", "id"))
    lined = {}
    for question in questions:
        number = by_number[question.version_id]
        if question.code in lined:
            lined[question.code].numbers.append(number)
        else:
            lined[question.code] = Lined(question, [], [number], versions[-1].number)
    by_pk = {line.question.pk: line for line in lined.values()}
    for option in Option.objects.filter(question__in=list(by_pk)).order_by("question", "role", "position", "id"):
        by_pk[option.question_id].options.append(option)
    return list(lined.values())  # the newest version's order, then codes it no longer asks


def responses(survey, filters):
    """The responses the filters select (not evaluated)."""
    found = Response.objects.filter(survey=survey)
    if filters.status == "complete":
        found = found.filter(status=ResponseStatus.SUBMITTED)
    elif filters.status == "partial":
        found = found.filter(status=ResponseStatus.IN_PROGRESS)
    if filters.version is not None:
        found = found.filter(version=filters.version)
    if filters.source:
        found = found.filter(source=filters.source)
    if filters.team is not None and not survey.anonymous:
        found = found.filter(respondent__groups=filters.team.group_id)
    if filters.code and filters.choice:
        found = found.filter(Exists(Answer.objects.filter(  # survey: its (survey, code, choice) index
            survey=survey, response=OuterRef("pk"), code=filters.code, choice=filters.choice)))
    return found


def counts(survey, lined, filters):
    """The Counts behind the summaries: from the tallies when only a version is chosen (two
    queries at most), otherwise from the filtered answers (a fixed handful)."""
    if not filters.narrowed:
        tallies = Tally.objects.filter(survey=survey)
        if filters.version is not None:
            tallies = tallies.filter(version=filters.version)
        return counts_from_tallies(tallies)
    selected = responses(survey, filters)
    answers = Answer.objects.filter(survey=survey, response__in=selected.values("pk"))
    kinds = {line.code: line.question.kind for line in lined}
    return counts_from_answers(answers, responses=selected, kinds=kinds)


def sources(survey):
    """The sources the survey's submitted responses came from, for the filter's choices: read from
    the tallies (a DISTINCT over 200,000 responses costs more than the whole page may)."""
    return list(Tally.objects.filter(survey=survey, code="", choice="").exclude(row="").order_by("row")
                .values_list("row", flat=True).distinct()[:MAX_SOURCES])


def text_answers(survey, code, query="", status="complete"):
    """The text answers to question `code` (and "Other" texts of a choice question), for keyset
    paging newest first; `query` searches them (case-insensitive containment)."""
    found = (Answer.objects.filter(survey=survey, code=code).exclude(text="")
             .select_related("response__version").only("id", "text", "choice", "response__version__number",
                                                       "response__submitted_at", "response__id"))
    if status == "complete":
        found = found.filter(response__status=ResponseStatus.SUBMITTED)
    if query:
        found = found.filter(text__icontains=query)
    return found


def response_list(survey, status=""):
    found = Response.objects.filter(survey=survey).select_related("version", "respondent")
    if status in (ResponseStatus.SUBMITTED, ResponseStatus.IN_PROGRESS):
        found = found.filter(status=status)
    return found


def response_answers(response):
    """[(question, options, [AnswerValue])] of one response, in its version's order: three queries."""
    questions = list(Question.objects.filter(version=response.version_id).select_related("page")
                     .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("role", "position", "id"))))
    values = {}
    for answer in Answer.objects.filter(response=response).order_by("id"):
        values.setdefault(answer.code, []).append(AnswerValue(row=answer.row, choice=answer.choice, text=answer.text,
                                                              number=answer.number, date=answer.date))
    return [(question, list(question.options.all()), values.get(question.code, [])) for question in questions]


__all__ = ["Filters", "STATUSES", "counts", "lined_up", "published_versions", "response_answers",
           "response_list", "responses", "sources", "text_answers"]
