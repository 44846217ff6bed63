"""Responses for results tests, stored as the answering part stores them (kit.questions's storage
contract), then counted as a submit counts them (tallies.count_in).

    respond(survey, {"Q1": "o1", "Q2": 12, "Q3": "o4", "Q4": ["o1", ("other", "A bus")],
                     "Q5": {"r1": "c3"}, "Q6": "Text", "R1": {"o2": 1, "o1": 2}})
    respond(survey, {...}, status="in_progress", source="newsletter", respondent=user, version=v1)

A single or dropdown answer is an option code or ("other", text); a scale's the point's code (its
value is stored as the number); a matrix {row: column}; a ranking {item: rank}."""

from datetime import date
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from surveys import tallies
from surveys.models import Answer, Option, Question, Response, ResponseStatus, Survey


def _version_questions(version):
    questions = {q.code: q for q in Question.objects.filter(version=version)}
    values = {(o.question_id, o.code): o.value for o in Option.objects.filter(question__version=version)}
    return questions, values


def _choice(value):
    return value if isinstance(value, tuple) else (value, "")


def answer_rows(question, value, values):
    """[dict of Answer columns] for one question's answer."""
    kind = question.kind
    if kind in ("single", "dropdown"):
        choice, text = _choice(value)
        return [{"choice": choice, "text": text}]
    if kind == "multiple":
        return [dict(zip(("choice", "text"), _choice(v), strict=True)) for v in value]
    if kind == "scale":
        return [{"choice": value, "number": Decimal(values[(question.pk, value)])}]
    if kind == "number":
        return [{"number": Decimal(str(value))}]
    if kind == "date":
        return [{"date": value if isinstance(value, date) else date.fromisoformat(value)}]
    if kind == "matrix":
        return [{"row": row, "choice": column, "number": values.get((question.pk, column))}
                for row, column in value.items()]
    if kind == "ranking":
        return [{"row": item, "number": Decimal(rank)} for item, rank in value.items()]
    return [{"text": value}]


def respond(survey, answers, *, status=ResponseStatus.SUBMITTED, version=None, respondent=None, source="",
            channel="web", count=True):
    version = version or survey.live_version
    questions, values = _version_questions(version)
    now = timezone.now()
    response = Response.objects.create(
        survey=survey, version=version, status=status, respondent=respondent, source=source, channel=channel,
        submitted_at=now if status == ResponseStatus.SUBMITTED else None)
    rows = []
    for code, value in answers.items():
        question = questions[code]
        for columns in answer_rows(question, value, values):
            rows.append(Answer(response=response, survey=survey, question=question, code=code, **columns))
    Answer.objects.bulk_create(rows)
    counter = "submitted_count" if status == ResponseStatus.SUBMITTED else "in_progress_count"
    Survey.objects.filter(pk=survey.pk).update(**{counter: F(counter) + 1})  # as the answering work keeps them
    if count and status == ResponseStatus.SUBMITTED:
        tallies.count_in(response)
    return response


def kinds_of(survey):
    """{code: kind} of the survey's live version (what counts_from_answers needs)."""
    return dict(Question.objects.filter(version=survey.live_version).values_list("code", "kind"))
