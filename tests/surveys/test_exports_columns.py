"""The export's table: stable columns over versions, 0/1 columns, codes or labels, statuses, the
codebook (surveys.exports, no HTTP)."""

from datetime import date

import pytest

from surveys import exports, services
from surveys.models import Option, Question, ResponseStatus

from .builders import SAMPLE_PAGES, fresh, make_survey, q
from .exports_helpers import respond


def table(survey, **options):
    plan = exports.plan_columns(survey)
    rows = list(exports.response_rows(survey, plan, **options))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]], rows[0]


@pytest.fixture
def survey(workspace, manager):
    return make_survey(workspace, manager, pages=SAMPLE_PAGES, title="Travel")


def edited_to_v2(survey, manager):
    """v2: Q2 dropped, Q7 (short text) added, Q4 gets a fourth option, Q1's "Yes" relabelled."""
    draft = fresh(survey).draft_version
    Question.objects.filter(version=draft, code="Q2").delete()
    q4 = Question.objects.get(version=draft, code="Q4")
    Option.objects.create(question=q4, code="o4", label="Safer junctions", position=4)
    Option.objects.filter(question__version=draft, question__code="Q1", code="o1").update(label="Yes, usually")
    page = draft.pages.order_by("position").last()
    Question.objects.create(version=draft, page=page, position=9, code="Q7", kind="short_text", text="Your postcode?")
    services.publish(actor=manager, survey=fresh(survey))
    return fresh(survey)


def test_v1_and_v2_responses_share_one_set_of_columns(survey, manager):
    first = respond(survey, answers={"Q1": "o1", "Q2": 12, "Q4": ["o1"]})
    v2 = edited_to_v2(survey, manager)
    second = respond(v2, answers={"Q1": "o2", "Q4": ["o4"], "Q7": "AB1 2CD"})
    rows, header = table(v2)
    assert header[:7] == ("response", "status", "version", "channel", "source", "started", "submitted")
    # Latest version's order, every code of every version: Q2 (v1 only) and Q7 (v2 only) both there.
    answer_columns = header[8:]
    assert answer_columns == ("Q1", "Q2", "Q3", "Q4_o1", "Q4_o2", "Q4_o3", "Q4_o4", "Q4_other", "Q5_r1", "Q5_r2",
                              "Q6", "Q7")
    by_id = {row["response"]: row for row in rows}
    assert by_id[first.pk]["version"] == 1 and by_id[second.pk]["version"] == 2
    assert by_id[first.pk]["Q2"] == 12 and by_id[first.pk]["Q7"] is None
    assert by_id[second.pk]["Q2"] is None and by_id[second.pk]["Q7"] == "AB1 2CD"
    assert by_id[first.pk]["Q4_o4"] == 0 and by_id[second.pk]["Q4_o4"] == 1
    # Labels are the latest version's.
    labelled, _ = table(v2, values="labels")
    assert {row["Q1"] for row in labelled} == {"Yes, usually", "No"}


def test_multiple_choice_is_one_0_1_column_per_option_and_other_is_text(survey):
    answered = respond(survey, answers={"Q4": ["o1", "o3", ("other", "A bus")]})
    skipped = respond(survey, answers={"Q1": "o2"})
    rows, _ = table(survey)
    by_id = {row["response"]: row for row in rows}
    assert [by_id[answered.pk][c] for c in ("Q4_o1", "Q4_o2", "Q4_o3", "Q4_other")] == [1, 0, 1, "A bus"]
    # Not answered is empty, not 0: "did not choose" and "was not asked" differ.
    assert [by_id[skipped.pk][c] for c in ("Q4_o1", "Q4_o2", "Q4_o3", "Q4_other")] == [None] * 4


def test_matrix_ranking_number_date_and_single_other(workspace, manager):
    survey = make_survey(workspace, manager, pages=[[
        q("M", "matrix", rows=["Lighting", "Surfaces"], options=["Poor", "Good"]),
        q("R", "ranking", options=["Bus", "Bike", "Car"]),
        q("N", "number"), q("D", "date"),
        q("S", "single", options=["Yes", "No"], allow_other=True),
    ]])
    respond(survey, answers={"M": {"r1": "c2", "r2": "c1"}, "R": {"o2": 1, "o1": 2, "o3": 3}, "N": "2.50",
                             "D": date(2026, 5, 1), "S": ("other", "Sometimes")})
    (row,), header = table(survey)
    assert header[8:] == ("M_r1", "M_r2", "R_o1", "R_o2", "R_o3", "N", "D", "S", "S_other")
    assert (row["M_r1"], row["M_r2"]) == ("c2", "c1")
    assert (row["R_o1"], row["R_o2"], row["R_o3"]) == (2, 1, 3)
    assert str(row["N"]) == "2.5" and row["D"] == date(2026, 5, 1)
    assert (row["S"], row["S_other"]) == ("other", "Sometimes")
    (labelled,), _ = table(survey, values="labels")
    assert (labelled["M_r1"], labelled["M_r2"], labelled["S"]) == ("Good", "Poor", "Other")


def test_codes_or_labels_and_headings_as_text(survey):
    respond(survey, answers={"Q1": "o1", "Q3": "o4", "Q5": {"r1": "c3"}})
    (coded,), _ = table(survey)
    assert (coded["Q1"], coded["Q3"], coded["Q5_r1"]) == ("o1", "o4", "c3")
    (labelled,), header = table(survey, values="labels", headings="text")
    assert "Do you cycle to work?" in header and "Rate each – Lighting" in header
    assert labelled["Do you cycle to work?"] == "Yes"
    assert labelled["How safe do you feel on the roads?"] == "Safe"
    assert labelled["Rate each – Lighting"] == "Good"
    assert labelled["Channel"] == "Online" and labelled["Status"] == "complete"


def test_complete_partial_or_all(survey):
    done = respond(survey, answers={"Q1": "o1"})
    half = respond(survey, answers={"Q1": "o2"}, status=ResponseStatus.IN_PROGRESS)
    assert [r["response"] for r in table(survey)[0]] == [done.pk]
    assert [(r["response"], r["status"]) for r in table(survey, status="partial")[0]] == [(half.pk, "partial")]
    assert [r["response"] for r in table(survey, status="all")[0]] == [done.pk, half.pk]


def test_partial_responses_between_complete_ones_do_not_leak_answers(survey):
    ids = [respond(survey, answers={"Q6": f"text {n}"},
                   status=ResponseStatus.SUBMITTED if n % 2 else ResponseStatus.IN_PROGRESS).pk for n in range(7)]
    rows, _ = table(survey, chunk=2)
    assert [(r["response"], r["Q6"]) for r in rows] == [(ids[n], f"text {n}") for n in (1, 3, 5)]


def test_anonymous_survey_has_no_identity_columns(workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES, anonymous=True)
    respond(survey, answers={"Q1": "o1"}, respondent=reader)
    rows, header = table(survey, with_email=True)
    assert "respondent" not in header and "email" not in header
    assert reader.email not in str(rows) and reader.name not in str(rows)


def test_named_survey_shows_the_name_and_the_email_only_when_asked(survey, reader):
    respond(survey, answers={"Q1": "o1"}, respondent=reader)
    (row,), header = table(survey)
    assert row["respondent"] == reader.name and "email" not in header
    (row,), header = table(survey, with_email=True)
    assert row["email"] == reader.email


def test_the_codebook(survey, manager):
    v2 = edited_to_v2(survey, manager)
    rows = list(exports.codebook_rows(exports.plan_columns(v2)))
    assert rows[0] == exports.CODEBOOK_HEADER
    book = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(book) == ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7"]
    assert book["Q1"]["options"] == "o1=Yes, usually; o2=No" and book["Q1"]["required"] == "yes"
    assert book["Q1"]["type"] == "Single choice (radio buttons)"
    assert book["Q2"]["show if"] == "Show if Q1 (“Do you cycle to work?”) is “Yes, usually”"
    assert book["Q2"]["versions"] == "v1" and book["Q7"]["versions"] == "v2" and book["Q1"]["versions"] == "v1, v2"
    assert book["Q4"]["columns"] == "Q4_o1 Q4_o2 Q4_o3 Q4_o4 Q4_other"
    assert book["Q4"]["options"].endswith("o4=Safer junctions; other=Other (please specify)")
    assert book["Q5"]["options"] == "rows: r1=Lighting; r2=Surfaces | columns: c1=Poor; c2=Fair; c3=Good"
    assert book["Q6"]["show if"] == "Always shown"
