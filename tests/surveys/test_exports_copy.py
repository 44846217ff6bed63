"""PostgreSQL writes the CSV itself (surveys.exports_copy): the same table, cell for cell, as
the Python path (exports.response_rows through workspaces.lib.exports.csv_chunks) — codes and
labels, every kind, hostile and formula-like text, identity, partial responses, two versions."""

from datetime import date

import pytest

from surveys import exports, exports_copy
from surveys.models import ResponseStatus
from workspaces.lib.exports import csv_chunks

from .builders import add_questions, make_survey, q
from .exports_helpers import read_csv, respond

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

HOSTILE = ["=1+1", "-2 is less", "  @SUM(A1)", "a;=1+1", "line\n+2", 'quote " and, comma', "\tTab", "plain é ü"]


def _both(survey, **options):
    plan = exports.plan_columns(survey)
    python = read_csv(b"".join(csv_chunks(exports.response_rows(survey, plan, **options))))
    copied = read_csv(b"".join(exports_copy.copy_csv_chunks(survey, plan, **options)))
    return python, copied


@pytest.fixture
def survey(workspace, manager, reader):
    from surveys import services

    survey = make_survey(workspace, manager, pages=[
        [q("S", "single", options=["Yes", "-5 to 0", "=cmd"], allow_other=True), q("T", "long_text"),
         q("E", "email")],
        [q("M", "multiple", options=["Bus", "Bike"], allow_other=True),
         q("X", "matrix", rows=["Lighting", "Surfaces"], options=["Poor", "Good"]),
         q("R", "ranking", options=["Cost", "Time"]), q("N", "number"), q("D", "date"),
         q("L", "scale", options=["Bad", "OK", "Good"]), q("P", "dropdown", options=["North", "South"])],
    ])
    respond(survey, respondent=reader, source="news;=letter", answers={
        "S": ("other", "=HYPERLINK()"), "T": HOSTILE[0], "E": "a@example.org", "M": ["o1", ("other", "-tram")],
        "X": {"r1": "c2", "r2": "c1"}, "R": {"o1": 2, "o2": 1}, "N": "12.500000", "D": date(2027, 3, 27),
        "L": "o3", "P": "o2"})
    for text in HOSTILE[1:]:
        respond(survey, answers={"S": "o2", "T": text, "N": "-3", "M": ["o2"]})
    respond(survey, answers={"S": "o3"}, status=ResponseStatus.IN_PROGRESS)
    add_questions(survey.draft_version, [[q("V2", "short_text")]])
    services.publish(actor=manager, survey=survey)
    survey = type(survey).objects.get(pk=survey.pk)
    respond(survey, answers={"S": "o1", "V2": "+v2 only"})
    return survey


@pytest.mark.parametrize("values", ["codes", "labels"])
@pytest.mark.parametrize("status", ["complete", "partial", "all"])
def test_postgresql_writes_the_same_table_as_python(survey, values, status):
    python, copied = _both(survey, values=values, status=status)
    assert copied == python and len(copied) > 1
    cells = {cell for row in copied for cell in row}
    if status != "partial":
        assert {"'=1+1", "a;'=1+1", "'  @SUM(A1)", "12.5", "2027-03-27"} <= cells  # neutralised; numbers plain


def test_with_identity_and_email_and_headings_as_text(survey):
    python, copied = _both(survey, values="labels", headings="text", with_email=True)
    assert copied == python and "Email" in copied[0]
    assert any(row.count("a@example.org") for row in copied[1:])


def test_an_anonymous_survey_has_no_identity_columns(workspace, manager):
    survey = make_survey(workspace, manager, pages=[[q("A", "short_text")]], anonymous=True)
    respond(survey, answers={"A": "@home"})
    python, copied = _both(survey)
    assert copied == python and "Respondent" not in copied[0]
