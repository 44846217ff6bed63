"""Responses made straight in the database for the exports' tests (the storage contract's rows)."""

import csv
import io
from decimal import Decimal

from django.utils import timezone

from surveys.models import Answer, Question, Response, ResponseStatus


def respond(survey, version=None, *, answers, status=ResponseStatus.SUBMITTED, respondent=None, source="",
            channel="web"):
    """A response on `version` (the live one by default). `answers`: {code: value} where value is
    a choice code, [choice codes] (multiple), {row: column} (matrix), {item: rank} (ranking),
    ("other", text), a number (Decimal/int), a date, or text — per the question's kind."""
    version = version or survey.live_version
    now = timezone.now()
    response = Response.objects.create(
        survey=survey, version=version, status=status, respondent=None if survey.anonymous else respondent,
        source=source, channel=channel, started_at=now,
        submitted_at=now if status == ResponseStatus.SUBMITTED else None)
    questions = {q.code: q for q in Question.objects.filter(version=version)}
    rows = []
    for code, value in answers.items():
        question = questions[code]
        base = {"response": response, "survey": survey, "question": question, "code": code}
        kind = question.kind
        if kind in ("short_text", "long_text", "email"):
            rows.append(Answer(**base, text=value))
        elif kind == "number":
            rows.append(Answer(**base, number=Decimal(value)))
        elif kind == "date":
            rows.append(Answer(**base, date=value))
        elif kind in ("single", "dropdown", "scale"):
            if isinstance(value, tuple):
                rows.append(Answer(**base, choice=value[0], text=value[1]))
            else:
                number = int(value[1:]) if kind == "scale" else None
                rows.append(Answer(**base, choice=value, number=number))
        elif kind == "multiple":
            for choice in value:
                if isinstance(choice, tuple):
                    rows.append(Answer(**base, choice=choice[0], text=choice[1]))
                else:
                    rows.append(Answer(**base, choice=choice))
        elif kind == "matrix":
            rows.extend(Answer(**base, row=row, choice=column) for row, column in value.items())
        elif kind == "ranking":
            rows.extend(Answer(**base, row=item, number=rank) for item, rank in value.items())
    Answer.objects.bulk_create(rows)
    return response


def download(response):
    """The bytes of a streamed download."""
    return b"".join(response.streaming_content)


def read_csv(data):
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def as_dicts(table):
    header, *rows = table
    return [dict(zip(header, row, strict=True)) for row in rows]
