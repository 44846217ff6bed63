"""Answering a survey: the respondent's writes (and the reads they are built on).

A response is answered on the version it was started on (Response.version: someone who started
on v1 finishes on v1 after v2 is published). Its pages are shown in order, skipping the pages
and questions a show-if rule hides given the answers so far (shown()); answers to hidden
questions are never stored: a posted one is ignored, and earlier ones that became hidden are
dropped on submit.

    result = save_page(survey=..., response=None|response, respondent=user, ordinal=2,
                       data=request.POST, required=True, source="newsletter")
    submit(response=..., respondent=user)            idempotent; Incomplete lists what is missing
    resubmit(response=..., respondent=user, answers={code: [AnswerValue]})   allow_edit
    enter_response(survey=..., actor=staff, channel="paper", data=request.POST)

Every refusal is Refused(message) (the window's phrase for a closed survey), raised before
anything is written, so nothing is stored half-way.

Changing a submitted response (allow_edit) is kept out of its stored answers until it is
submitted again: the changed answers wait in the person's session (see views_answering), the
stored ones stay as they are and stay counted, and resubmit() swaps them in ONE transaction
(tallies.count_out, the rows replaced, tallies.count_in) — so results never see a response half
changed, nor miss one while its owner is changing it.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from workspaces.kit.questions import answers as answer_fields
from workspaces.kit.questions.logic import AnswerValue, evaluate
from workspaces.kit.services import locked_row, record

from . import counts, resume, tallies
from .models import Answer, Channel, Option, Participation, Question, Response, ResponseStatus, Survey
from .policies import NOT_LIVE

ALREADY = "You have already responded to this survey."
NOT_EDITABLE = "This response has been submitted and can no longer be changed."
REQUIRED = "Answer this question"
HIDDEN = "Leave this question empty: it is not asked given the answer to {code}."


class Refused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Missing:
    ordinal: int  # the page it is on
    question: object
    message: str


class Incomplete(Exception):
    def __init__(self, missing):
        super().__init__(f"{len(missing)} answers missing")
        self.missing = missing


# --- Reads ----------------------------------------------------------------------------------------

@dataclass
class Structure:
    """A version's pages with their questions and options: three queries, whatever its size."""

    version: object
    pages: list
    questions: dict  # page pk -> [Question] in order
    options: dict  # question pk -> [Option]

    def ordinal_of(self, page):
        return self.pages.index(page) + 1

    def all_questions(self):
        return [question for page in self.pages for question in self.questions[page.pk]]


def structure(version):
    pages = list(version.pages.all())
    questions = {page.pk: [] for page in pages}
    for question in Question.objects.filter(version=version).order_by("page__position", "page_id", "position", "id"):
        questions[question.page_id].append(question)
    options = {}
    for option in Option.objects.filter(question__version=version):
        options.setdefault(option.question_id, []).append(option)
    return Structure(version=version, pages=pages, questions=questions, options=options)


def answers_of(response):
    """The response's stored answers as {code: [AnswerValue]} (one query)."""
    found = {}
    for row in response.answers.order_by("id"):
        found.setdefault(row.code, []).append(
            AnswerValue(row=row.row, choice=row.choice, text=row.text, number=row.number, date=row.date))
    return found


@dataclass
class ShownPage:
    ordinal: int  # 1-based among ALL the version's pages (stable: the URL's <n>)
    page: object
    questions: list


@dataclass
class Shown:
    """The pages and questions shown given some answers, in order."""

    pages: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)  # only the answers of shown questions

    def find(self, ordinal):
        return next((p for p in self.pages if p.ordinal == ordinal), None)

    def number(self, ordinal):
        """"Page <number> of <len(pages)>"."""
        return next((i for i, p in enumerate(self.pages, 1) if p.ordinal == ordinal), None)

    def after(self, ordinal):
        return next((p for p in self.pages if p.ordinal > ordinal), None)

    def before(self, ordinal):
        return next((p for p in reversed(self.pages) if p.ordinal < ordinal), None)

    def question_ids(self):
        return {q.pk for p in self.pages for q in p.questions}


def shown(struct, answers):
    """Rules point only at earlier pages, so one pass in order decides: a hidden question's
    answer counts for nothing further on (its rule sees it as not answered)."""
    result = Shown()
    for ordinal, page in enumerate(struct.pages, 1):
        if not evaluate(page.rule, result.answers):
            continue
        visible = []
        for question in struct.questions[page.pk]:
            if evaluate(question.rule, result.answers):
                visible.append(question)
                if answers.get(question.code):
                    result.answers[question.code] = answers[question.code]
        result.pages.append(ShownPage(ordinal, page, visible))
    return result


@dataclass
class Parsed:
    values: dict = field(default_factory=dict)  # code -> [AnswerValue] (valid answers only)
    errors: dict = field(default_factory=dict)  # code -> message
    kept: dict = field(default_factory=dict)  # field name -> what was sent


def parse_questions(struct, questions, data, *, required):
    """Each question's answer from the POST; `required` False: "save for later" and autosave,
    which keep what is valid and never insist."""
    parsed = Parsed()
    for question in questions:
        one = answer_fields.parse(question, struct.options.get(question.pk, []), data,
                                  **({} if required else {"required": False}))
        parsed.kept.update(one.kept or {})
        if one.error:
            parsed.errors[question.code] = one.error
        else:
            parsed.values[question.code] = list(one.values)
    return parsed


def missing_answers(struct, seen):
    """The required questions shown but not answered, in order."""
    return [Missing(p.ordinal, q, REQUIRED) for p in seen.pages for q in p.questions
            if q.required and not seen.answers.get(q.code)]


def refusal(survey, now=None):
    """Why answers are refused now (the policy's within_window reason), or ""."""
    if survey.is_deleted:
        return "This survey has been deleted."
    if not survey.is_live:
        return NOT_LIVE
    return survey.window.refusal(now) or ""


# --- Values kept outside the database (a change being made, a preview) ------------------------------

def values_to_json(answers):
    return {code: [[v.row, v.choice, v.text, None if v.number is None else str(v.number),
                    None if v.date is None else v.date.isoformat()] for v in values]
            for code, values in answers.items()}


def values_from_json(data):
    found = {}
    for code, values in (data or {}).items():
        found[code] = [AnswerValue(row=r, choice=c, text=t, number=None if n is None else Decimal(n),
                                   date=None if d is None else date.fromisoformat(d)) for r, c, t, n, d in values]
    return found


# --- Writes ---------------------------------------------------------------------------------------

@dataclass
class Saved:
    response: object
    parsed: Parsed
    secret: str = ""  # set when the response was created now


def _open_survey(survey):
    current = Survey.objects.select_related("workspace").get(pk=survey.pk)
    reason = refusal(current)
    if reason:
        raise Refused(reason)
    return current


def _participation(survey, person):
    """The person's Participation row, locked: the one-response-per-person guard (it holds the
    person, never the response)."""
    part, _ = Participation.objects.get_or_create(survey=survey, user=person)
    return locked_row(part)


def _store(response, questions, answers):
    """Replace the stored answers of `questions` by `answers` ({code: values}) for them."""
    Answer.objects.filter(response=response, question__in=[q.pk for q in questions]).delete()
    Answer.objects.bulk_create([
        Answer(response=response, survey_id=response.survey_id, question=q, code=q.code, row=v.row, choice=v.choice,
               text=v.text, number=v.number, date=v.date)
        for q in questions for v in answers.get(q.code, [])
    ])


def start(*, survey, respondent, source="", now=None, client_key=""):
    """A new response (on the first save, never on a GET). Signed-in people are guarded by their
    Participation row; a named survey continues their response in progress instead. The same
    `client_key` (the first page's form) starts one response however often it is posted."""
    now = now or timezone.now()
    if client_key:
        already = Response.objects.filter(survey=survey, client_key=client_key).first()
        if already is not None:
            return already, ""
    person = respondent if respondent is not None and respondent.is_authenticated else None
    if person is not None:
        part = _participation(survey, person)
        if part.completed_at and not survey.allow_multiple:
            raise Refused(ALREADY)
        if not survey.anonymous:
            going = Response.objects.filter(survey=survey, respondent=person,
                                            status=ResponseStatus.IN_PROGRESS).order_by("-id").first()
            if going is not None:
                return going, ""
        Participation.objects.filter(pk=part.pk, started_at__isnull=True).update(started_at=now)
    secret = resume.new_secret()
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey, version=survey.live_version, respondent=None if survey.anonymous else person,
                source=source, resume_hash=resume.hash_of(secret), started_at=now, updated_at=now,
                client_key=client_key)
    except IntegrityError:  # the same form posted at the same moment: that response
        return Response.objects.get(survey=survey, client_key=client_key), ""
    Survey.objects.filter(pk=survey.pk).update(in_progress_count=F("in_progress_count") + 1)
    counts.started(response)
    return response, secret


@transaction.atomic
def save_page(*, survey, response, respondent, ordinal, data, required, source="", client_key=""):
    """Save one page's answers (required=True: a Continue; False: autosave or "save and continue
    later", which store what is valid so far). With errors on a Continue nothing is stored."""
    current_survey = _open_survey(survey)
    if response is not None:
        response = locked_row(response, "version")
        if response.is_submitted:
            raise Refused(NOT_EDITABLE)
    struct = structure(response.version if response is not None else current_survey.live_version)
    stored = answers_of(response) if response is not None else {}
    page = shown(struct, stored).find(ordinal)
    if page is None:  # hidden by logic meanwhile, or not a page: nothing to store
        return Saved(response, Parsed())
    parsed = parse_questions(struct, page.questions, data, required=required)
    if parsed.errors and required:
        return Saved(response, parsed)  # nothing stored (a first save creates no response)
    secret = ""
    if response is None:
        response, secret = start(survey=current_survey, respondent=respondent, source=source, client_key=client_key)
        stored = answers_of(response) if not secret else {}
    # Answers of this page given what was just posted; a question hidden by an answer on its
    # own page is not possible (rules point at earlier pages), so the page's shown list holds.
    kept = {q.code: parsed.values.get(q.code, stored.get(q.code, []) if q.code in parsed.errors else [])
            for q in page.questions}
    _store(response, struct.questions[page.page.pk], kept)
    # Where they are now: after a Continue, the next page shown given what they just answered
    # (a "continue"/resume link lands there); after saving for later, this page.
    here = ordinal
    if required:
        following = shown(struct, {**stored, **kept}).after(ordinal)
        here = following.ordinal if following is not None else ordinal
    now = timezone.now()
    Response.objects.filter(pk=response.pk).update(last_page=here, revision=F("revision") + 1, updated_at=now)
    response.last_page = here
    if respondent is not None and respondent.is_authenticated:
        Participation.objects.filter(survey=current_survey, user=respondent).update(last_page=here)
    return Saved(response, parsed, secret)


def _person(respondent):
    return respondent if respondent is not None and respondent.is_authenticated else None


@transaction.atomic
def submit(*, response, respondent):
    """Submit: every shown required question answered (Incomplete otherwise), hidden answers
    dropped, counted once. Idempotent: a second submit (a double click) finds it submitted."""
    current_survey = _open_survey(response.survey)
    current = locked_row(response, "version")
    if current.is_submitted:
        return current
    person = _person(respondent)
    part = _participation(current_survey, person) if person is not None else None
    if part is not None and part.completed_at and not current_survey.allow_multiple:
        raise Refused(ALREADY)
    struct = structure(current.version)
    seen = shown(struct, answers_of(current))
    missing = missing_answers(struct, seen)
    if missing:
        raise Incomplete(missing)
    Answer.objects.filter(response=current).exclude(question__in=seen.question_ids()).delete()
    now = timezone.now()
    # An anonymous response that can no longer be changed forgets its resume secret: the link
    # emailed to its author (kept in the outbox) then leads nowhere near the answers.
    forget = {"resume_hash": ""} if current_survey.anonymous and not current_survey.allow_edit else {}
    Response.objects.filter(pk=current.pk).update(status=ResponseStatus.SUBMITTED, submitted_at=now, updated_at=now,
                                                  revision=F("revision") + 1, **forget)
    current.status, current.submitted_at = ResponseStatus.SUBMITTED, now
    Survey.objects.filter(pk=current_survey.pk).update(submitted_count=F("submitted_count") + 1,
                                                       in_progress_count=F("in_progress_count") - 1)
    if part is not None:
        Participation.objects.filter(pk=part.pk).update(completed_at=now, last_page=0)
    tallies.count_in(current)
    counts.completed(current)
    return current


@transaction.atomic
def resubmit(*, response, respondent, answers):
    """A submitted response changed (allow_edit, until the survey closes): `answers` is the whole
    changed response. count_out, the rows replaced, count_in, in this one transaction."""
    current_survey = _open_survey(response.survey)
    if not current_survey.allow_edit:
        raise Refused(NOT_EDITABLE)
    current = locked_row(response, "version")
    if not current.is_submitted:
        raise Refused(NOT_EDITABLE)
    struct = structure(current.version)
    seen = shown(struct, answers)
    missing = missing_answers(struct, seen)
    if missing:
        raise Incomplete(missing)
    tallies.count_out(current)
    Answer.objects.filter(response=current).delete()
    _store(current, struct.all_questions(), seen.answers)
    Response.objects.filter(pk=current.pk).update(updated_at=timezone.now(), revision=F("revision") + 1)
    tallies.count_in(current)
    return current


@transaction.atomic
def rotate_secret(*, response):
    """A new resume secret (the old links stop working): for a link asked for on a device that
    does not hold the secret."""
    secret = resume.new_secret()
    Response.objects.filter(pk=response.pk).update(resume_hash=resume.hash_of(secret))
    response.resume_hash = resume.hash_of(secret)
    return secret


# --- Paper and phone responses ----------------------------------------------------------------------

def enter_response(*, survey, actor, channel, data):
    """A whole response typed in by staff. Returns (response or None, Parsed): errors (a required
    answer missing, an answer to a question that the other answers hide) store nothing."""
    if channel not in (Channel.PAPER, Channel.PHONE):
        raise Refused("Choose paper or telephone.")
    struct = structure(survey.live_version)
    parsed = parse_questions(struct, struct.all_questions(), data, required=False)
    seen = shown(struct, parsed.values)
    shown_ids = seen.question_ids()
    for question in struct.all_questions():
        if question.pk not in shown_ids and parsed.values.get(question.code):
            parsed.errors[question.code] = HIDDEN.format(code=question.show_if_code or "an earlier question")
    for missing in missing_answers(struct, seen):
        parsed.errors.setdefault(missing.question.code, REQUIRED)
    if parsed.errors:
        return None, parsed
    return _entered(survey=survey, actor=actor, channel=channel, struct=struct, answers=seen.answers), parsed


@transaction.atomic
def _entered(*, survey, actor, channel, struct, answers):
    # Paper forms collected before the close are typed in afterwards: live is enough.
    current_survey = Survey.objects.select_related("workspace").get(pk=survey.pk)
    if current_survey.is_deleted or not current_survey.is_live:
        raise Refused(refusal(current_survey))
    now = timezone.now()
    response = Response.objects.create(
        survey=current_survey, version=struct.version, status=ResponseStatus.SUBMITTED, channel=channel,
        entered_by=actor, started_at=now, updated_at=now, submitted_at=now)
    _store(response, struct.all_questions(), answers)
    Survey.objects.filter(pk=current_survey.pk).update(submitted_count=F("submitted_count") + 1)
    counts.started(response)
    tallies.count_in(response)
    counts.completed(response)
    record(workspace=current_survey.workspace, actor=actor, verb="surveys.response_entered", target=current_survey,
           summary=f"entered a {Channel(channel).label.split(' ')[0].lower()} response")
    return response


# --- The resume link by email ---------------------------------------------------------------------

@transaction.atomic
def email_resume_link(*, response, survey, person, link):
    """Queue the resume link to the signed-in person (workspaces.mail). For an anonymous survey the
    row names no response (ref_id empty; the link's token names none either)."""
    from workspaces.kit.mail import OutboundEmail, queue

    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    queue([OutboundEmail(
        idempotency_key=f"{resume.MAIL_KIND}:{survey.pk}:{person.pk}:{stamp}", kind=resume.MAIL_KIND,
        recipient_id=person.pk, ref_id=None if survey.anonymous else response.pk,
        subject=f"Continue your response: {survey.title}"[:200],
        payload={"title": survey.title, "link": link, "window": survey.window_phrase()},
    )])
