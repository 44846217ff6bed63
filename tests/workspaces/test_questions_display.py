"""kit.questions.answers.initial and display: stored answers back into the form (the same shape
as what parse keeps) and in words; a round trip for every kind."""

from datetime import date
from decimal import Decimal

import pytest
from django.http import QueryDict

from workspaces.kit.questions.answers import display, initial, parse
from workspaces.kit.questions.logic import AnswerValue

from .question_harness import sample_questions

SAMPLES = {question.code: (question, options) for question, options in sample_questions()}

ANSWERED = {  # code: (what was posted, the answer in words)
    "Q1": ("q-Q1=o1", "Yes"),
    "Q2": ("q-Q2=12.50", "12.5"),
    "Q3": ("q-Q3=o4", "4 – Safe"),
    "Q4": ("q-Q4=o3&q-Q4=other&q-Q4-other=A+bus", "Showers; Other: A bus"),
    "Q5": ("q-Q5-r2=c2&q-Q5-r1=c3", "Lighting: Good; Surfaces: Fair"),
    "Q6": ("q-Q6=Two%0D%0Alines", "Two\nlines"),
    "Q7": ("q-Q7=Nurse", "Nurse"),
    "Q8": ("q-Q8=other&q-Q8-other=Riverside", "Other: Riverside"),
    "Q9": ("q-Q9-day=27&q-Q9-month=3&q-Q9-year=2027", "27 March 2027"),
    "Q10": ("q-Q10=name%40example.com", "name@example.com"),
    "Q11": ("q-Q11-o2=2&q-Q11-o4=1", "1. Signs; 2. Lighting"),
    "Q12": ("q-Q12-r1=c1&q-Q12-r2=c2&q-Q12-r3=c3&q-Q12-r4=c4&q-Q12-r5=c5",
            "Riverside: Very poor; High Street: Poor; Canal path: Fair; Ring road: Good; Park lane: Very good"),
}


@pytest.mark.parametrize("code", sorted(ANSWERED))
def test_every_kind_reads_back_and_shows_in_words(code):
    question, options = SAMPLES[code]
    posted, words = ANSWERED[code]
    parsed = parse(question, options, QueryDict(posted))
    assert parsed.error == ""
    assert display(question, options, parsed.values) == words
    again = parse(question, options, initial(question, parsed.values))  # the saved page sent back unchanged
    assert again.error == "" and again.values == parsed.values


def test_initial_has_the_field_names_and_values_the_form_shows():
    q = {code: question for code, (question, _) in SAMPLES.items()}
    assert initial(q["Q2"], [AnswerValue(number=Decimal("12.500000"))]) == {"q-Q2": "12.5"}
    assert initial(q["Q9"], [AnswerValue(date=date(2027, 3, 7))]) == {
        "q-Q9-day": "7", "q-Q9-month": "3", "q-Q9-year": "2027"}
    assert initial(q["Q4"], [AnswerValue(choice="o1"), AnswerValue(choice="other", text="Bus")]) == {
        "q-Q4": ["o1", "other"], "q-Q4-other": "Bus"}
    assert initial(q["Q1"], [AnswerValue(choice="o2")]) == {"q-Q1": "o2"}
    assert initial(q["Q5"], [AnswerValue(row="r2", choice="c1")]) == {"q-Q5-r2": "c1"}
    assert initial(q["Q11"], [AnswerValue(row="o3", number=Decimal("1.000000"))]) == {"q-Q11-o3": "1"}
    assert initial(q["Q7"], []) == {}


def test_display_of_nothing_is_empty():
    for question, options in SAMPLES.values():
        assert display(question, options, []) == ""


def test_display_names_an_option_since_deleted_by_its_code():
    question, options = SAMPLES["Q1"]
    assert display(question, options, [AnswerValue(choice="o7")]) == "o7"
    question, options = SAMPLES["Q5"]
    assert display(question, options, [AnswerValue(row="r9", choice="c1")]) == "r9: Poor"


def test_display_reads_answer_rows_as_well_as_answer_values():
    from surveys.models import Answer

    question, options = SAMPLES["Q3"]
    assert display(question, options, [Answer(code="Q3", choice="o2", number=Decimal("2.000000"))]) == "2 – Unsafe"


def test_display_keeps_hostile_text_as_text():
    question, options = SAMPLES["Q7"]
    assert display(question, options, [AnswerValue(text="<b>x</b>")]) == "<b>x</b>"  # escaped where it is shown
