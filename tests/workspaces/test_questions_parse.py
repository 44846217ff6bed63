"""kit.questions.answers.parse: every kind read from a POST, good and bad input, stored exactly as
the storage contract says; messages in the GOV.UK style; nothing stored with an error; what was
sent kept. (No database: the questions are unsaved rows.)"""

from datetime import date
from decimal import Decimal

import pytest
from django.http import QueryDict

from workspaces.kit.questions.answers import parse
from workspaces.kit.questions.logic import AnswerValue
from workspaces.kit.questions.models import MAX_SHORT_ANSWER_LENGTH, MAX_TEXT_ANSWER_LENGTH

from .question_harness import sample_questions

SAMPLES = {question.code: (question, options) for question, options in sample_questions()}


def parsed(code, data, **kwargs):
    question, options = SAMPLES[code]
    if isinstance(data, str):
        data = QueryDict(data)
    return parse(question, options, data, **kwargs)


def ok(code, data, **kwargs):
    result = parsed(code, data, **kwargs)
    assert result.error == ""
    return result.values


def refused(code, data, **kwargs):
    result = parsed(code, data, **kwargs)
    assert result.error and result.values == []
    return result.error


# --- Required, and "save and continue later" --------------------------------------------------


def test_a_required_question_left_unanswered_says_what_to_do_about_it():
    assert refused("Q1", {}) == "Select whether you cycle to work"


def test_save_and_continue_later_accepts_nothing_but_still_refuses_a_mistake():
    assert ok("Q1", {}, required=False) == []
    assert ok("Q12", {"q-Q12-r1": "c1"}, required=False) == [AnswerValue(row="r1", choice="c1", number=Decimal(1))]
    assert refused("Q1", {"q-Q1": "o9"}, required=False) == "Select one of the answers shown"
    assert refused("Q2", {"q-Q2": "900"}, required=False) == "Enter a number between 0 and 200"


def test_an_optional_question_may_be_left_unanswered():
    for code in SAMPLES:
        if code not in ("Q1", "Q12"):
            assert ok(code, {}) == [], code


def test_required_true_makes_an_optional_question_required():
    assert refused("Q7", {}, required=True) == "Enter your job title"
    assert refused("Q2", {}, required=True) == "Enter how many miles your journey is"
    assert refused("Q10", {}, required=True) == "Enter your email address"
    assert refused("Q9", {}, required=True) == "Enter a date"
    assert refused("Q4", {}, required=True) == "Select which would help"
    assert refused("Q11", {}, required=True) == "Give every item a rank from 1 to 4"


# --- Text ---------------------------------------------------------------------------------


def test_text_is_stored_as_typed_without_surrounding_space():
    assert ok("Q7", {"q-Q7": "  Nurse  "}) == [AnswerValue(text="Nurse")]
    assert ok("Q6", {"q-Q6": "Line one\r\nLine two"}) == [AnswerValue(text="Line one\nLine two")]


def test_hostile_text_is_stored_as_text():
    hostile = '<script>alert("x")</script> {{ secret }} {% debug %} =cmd|" /C calc"!A0'
    assert ok("Q6", {"q-Q6": hostile}) == [AnswerValue(text=hostile)]


@pytest.mark.parametrize("code, limit", [("Q7", MAX_SHORT_ANSWER_LENGTH), ("Q6", MAX_TEXT_ANSWER_LENGTH)])
def test_text_over_the_limit_says_the_limit_and_is_kept(code, limit):
    assert ok(code, {f"q-{code}": "x" * limit}) == [AnswerValue(text="x" * limit)]
    result = parsed(code, {f"q-{code}": "x" * (limit + 1)})
    assert result.error == f"Your answer must be {limit:,} characters or fewer – it has {limit + 1:,}"
    assert result.values == [] and result.kept == {f"q-{code}": "x" * (limit + 1)}


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f"])
def test_control_characters_are_refused_and_removed_from_what_is_kept(character):
    result = parsed("Q6", {"q-Q6": f"Fine{character} text"})
    assert "invisible control characters" in result.error and result.values == []
    assert result.kept == {"q-Q6": "Fine text"}
    assert "invisible" in refused("Q4", {"q-Q4-other": "bus\x00"})
    assert "invisible" in refused("Q9", {"q-Q9-day": "1\x00", "q-Q9-month": "2", "q-Q9-year": "2027"})


def test_tabs_and_line_breaks_are_not_control_characters_in_long_text():
    assert ok("Q6", {"q-Q6": "a\tb\nc"}) == [AnswerValue(text="a\tb\nc")]


def test_a_short_answer_is_one_line():
    assert ok("Q7", {"q-Q7": "Head\nof roads"}) == [AnswerValue(text="Head of roads")]


@pytest.mark.parametrize("good", ["name@example.com", " first.last+tag@sub.example.org "])
def test_an_email_address(good):
    assert ok("Q10", {"q-Q10": good}) == [AnswerValue(text=good.strip())]


@pytest.mark.parametrize("bad", ["name", "name@", "@example.com", "a b@example.com", "x" * 250 + "@example.com"])
def test_an_email_address_in_the_wrong_format(bad):
    assert refused("Q10", {"q-Q10": bad}) == "Enter an email address in the correct format, like name@example.com"


# --- Numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, number", [("12", "12"), ("0", "0"), ("200", "200"), ("3.5", "3.5"), ("1,20", None),
                                           (" 7 ", "7"), ("0.000001", "0.000001"), ("199.999999", "199.999999")])
def test_numbers_are_read_as_decimals(typed, number):
    if number is None:
        assert refused("Q2", {"q-Q2": typed}) == "Enter a number between 0 and 200"
        return
    values = ok("Q2", {"q-Q2": typed})
    assert values == [AnswerValue(number=Decimal(number))] and isinstance(values[0].number, Decimal)


@pytest.mark.parametrize("typed", ["-1", "200.5", "201", "abc", "1e2", "NaN", "Infinity", "0x10", "1.2.3", "--1", "."])
def test_a_number_out_of_range_or_not_a_number(typed):
    assert refused("Q2", {"q-Q2": typed}) == "Enter a number between 0 and 200"


def test_too_many_decimal_places():
    assert refused("Q2", {"q-Q2": "1.1234567"}) == "Enter a number with no more than 6 decimal places"


def test_a_number_without_limits_takes_thousands_separators_and_a_minus_sign():
    question, _ = SAMPLES["Q2"]
    question = type(question)(code="N", kind="number", text="How much?")
    assert parse(question, [], {"q-N": "-1,250.5"}).values == [AnswerValue(number=Decimal("-1250.5"))]
    assert parse(question, [], {"q-N": "−2"}).values == [AnswerValue(number=Decimal("-2"))]
    assert parse(question, [], {"q-N": "ten"}).error == "Enter a number, like 12 or 2.5"
    assert parse(question, [], {"q-N": "1" * 13}).error == "Enter a number, like 12 or 2.5"  # past the column
    only_min = type(question)(code="N", kind="number", text="How much?", min_value=Decimal("2.500000"))
    assert parse(only_min, [], {"q-N": "1"}).error == "Enter a number that is 2.5 or more"
    only_max = type(question)(code="N", kind="number", text="How much?", max_value=10)
    assert parse(only_max, [], {"q-N": "11"}).error == "Enter a number that is 10 or less"


# --- Dates -----------------------------------------------------------------------------------


def date_post(day, month, year):
    return {"q-Q9-day": day, "q-Q9-month": month, "q-Q9-year": year}


def test_a_date_in_three_fields():
    assert ok("Q9", date_post("27", "3", "2027")) == [AnswerValue(date=date(2027, 3, 27))]
    assert ok("Q9", date_post(" 07 ", "03", "2027")) == [AnswerValue(date=date(2027, 3, 7))]
    assert ok("Q9", date_post("1", "March", "2027")) == [AnswerValue(date=date(2027, 3, 1))]


@pytest.mark.parametrize("day, month, year", [("31", "2", "2027"), ("0", "1", "2027"), ("1", "13", "2027"),
                                              ("1", "1", "27"), ("a", "1", "2027"), ("1", "1", "99999"),
                                              ("29", "2", "2027"), ("-1", "1", "2027")])
def test_not_a_real_date(day, month, year):
    assert refused("Q9", date_post(day, month, year)) == "Enter a real date, for example 27 3 2027"


def test_a_date_with_parts_missing_says_which():
    assert refused("Q9", date_post("27", "", "")) == "The date must include a month and year"
    assert refused("Q9", date_post("", "3", "2027")) == "The date must include a day"


# --- Choices ---------------------------------------------------------------------------------


def test_single_choice_stores_the_option_code():
    assert ok("Q1", {"q-Q1": "o2"}) == [AnswerValue(choice="o2")]


@pytest.mark.parametrize("code", ["Q1", "Q3", "Q8"])
def test_a_tampered_option_code_is_refused(code):
    assert refused(code, {f"q-{code}": "o99"}) == "Select one of the answers shown"


def test_other_needs_words_and_stores_them():
    assert ok("Q8", {"q-Q8": "other", "q-Q8-other": "Riverside ward"}) == [
        AnswerValue(choice="other", text="Riverside ward")]
    assert refused("Q8", {"q-Q8": "other", "q-Q8-other": "  "}) == "Enter what you mean by Other"
    assert ok("Q8", {"q-Q8-other": "Riverside ward"}) == [AnswerValue(choice="other", text="Riverside ward")]
    long = "x" * (MAX_SHORT_ANSWER_LENGTH + 1)
    assert refused("Q8", {"q-Q8": "other", "q-Q8-other": long}).startswith("What you mean by Other must be 500")


def test_other_is_refused_where_the_question_does_not_offer_it():
    assert refused("Q1", {"q-Q1": "other", "q-Q1-other": "Sometimes"}) == "Select one of the answers shown"


def test_a_scale_stores_the_point_and_its_value():
    assert ok("Q3", {"q-Q3": "o4"}) == [AnswerValue(choice="o4", number=Decimal(4))]


def test_multiple_choice_one_row_per_option_in_option_order_other_last():
    assert ok("Q4", QueryDict("q-Q4=o3&q-Q4=o1")) == [AnswerValue(choice="o1"), AnswerValue(choice="o3")]
    assert ok("Q4", QueryDict("q-Q4=o2&q-Q4=other&q-Q4-other=A+bus")) == [
        AnswerValue(choice="o2"), AnswerValue(choice="other", text="A bus")]
    assert ok("Q4", QueryDict("q-Q4=o2&q-Q4=o2")) == [AnswerValue(choice="o2")]


def test_multiple_choice_limits():
    assert refused("Q4", QueryDict("q-Q4=o1&q-Q4=o2&q-Q4=o3")) == "Select no more than 2 options"
    assert refused("Q4", QueryDict("q-Q4=o1&q-Q4=o2&q-Q4-other=Bus")) == "Select no more than 2 options"
    question, options = SAMPLES["Q4"]
    at_least = type(question)(code="Q4", kind="multiple", text="Which?", min_value=2)
    assert parse(at_least, options, QueryDict("q-Q4=o1")).error == "Select at least 2 options"
    assert parse(at_least, options, QueryDict("")).error == ""  # not required: no answer at all is fine
    exactly = type(question)(code="Q4", kind="multiple", text="Which?", min_value=1, max_value=1)
    assert parse(exactly, options, QueryDict("q-Q4=o1&q-Q4=o2")).error == "Select 1 option"


def test_multiple_choice_with_a_tampered_code():
    assert refused("Q4", QueryDict("q-Q4=o1&q-Q4=zz")) == "Select one of the answers shown"


def test_other_checked_without_words():
    assert refused("Q4", QueryDict("q-Q4=other")) == "Enter what you mean by Other"


# --- Matrix and ranking ------------------------------------------------------------------------


def test_a_matrix_stores_a_row_per_row_answered_with_the_column_value():
    assert ok("Q5", {"q-Q5-r1": "c3", "q-Q5-r2": "c1"}) == [
        AnswerValue(row="r1", choice="c3", number=Decimal(3)), AnswerValue(row="r2", choice="c1", number=Decimal(1))]
    assert ok("Q5", {"q-Q5-r2": "c2"}) == [AnswerValue(row="r2", choice="c2", number=Decimal(2))]


def test_a_required_matrix_wants_every_row():
    rows = {f"q-Q12-r{i}": "c2" for i in range(1, 5)}
    assert refused("Q12", rows) == "Answer every row"
    assert len(ok("Q12", {**rows, "q-Q12-r5": "c5"})) == 5


@pytest.mark.parametrize("data", [{"q-Q5-r1": "c9"}, {"q-Q5-r9": "c1"}, {"q-Q5-r1": "c1", "q-Q5-other": "x"}])
def test_a_matrix_refuses_a_column_or_a_row_that_is_not_there(data):
    assert refused("Q5", data) == "Select one of the answers shown in each row"


def test_a_ranking_stores_a_row_per_item_ranked_first_first():
    assert ok("Q11", {"q-Q11-o1": "2", "q-Q11-o3": "1", "q-Q11-o2": "", "q-Q11-o4": "3"}) == [
        AnswerValue(row="o3", number=Decimal(1)), AnswerValue(row="o1", number=Decimal(2)),
        AnswerValue(row="o4", number=Decimal(3))]


def test_a_ranking_refuses_the_same_rank_twice():
    assert refused("Q11", {"q-Q11-o1": "1", "q-Q11-o2": "1"}) == "Give each item a different rank"


@pytest.mark.parametrize("data", [{"q-Q11-o1": "5"}, {"q-Q11-o1": "0"}, {"q-Q11-o1": "one"}, {"q-Q11-o1": "-1"},
                                  {"q-Q11-o9": "1"}, {"q-Q11-o1": "1.5"}])
def test_a_ranking_refuses_a_rank_out_of_range_or_an_item_that_is_not_there(data):
    assert refused("Q11", data) == "Give each item a rank from 1 to 4"


# --- What is kept ------------------------------------------------------------------------------


def test_what_was_sent_is_kept_with_the_error():
    assert parsed("Q2", {"q-Q2": "lots"}).kept == {"q-Q2": "lots"}
    assert parsed("Q9", date_post("31", "2", "2027")).kept == {"q-Q9-day": "31", "q-Q9-month": "2",
                                                               "q-Q9-year": "2027"}
    assert parsed("Q4", QueryDict("q-Q4=o1&q-Q4=o2&q-Q4=o3")).kept == {"q-Q4": ["o1", "o2", "o3"], "q-Q4-other": ""}
    assert parsed("Q12", {"q-Q12-r1": "c2"}).kept["q-Q12-r1"] == "c2"
    assert parsed("Q11", {"q-Q11-o1": "1", "q-Q11-o2": "1"}).kept["q-Q11-o2"] == "1"
