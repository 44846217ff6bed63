"""kit.questions.logic.problems(): every rule that cannot work, found without a database (the
pages and questions are stand-ins with the ShowIf fields and options)."""

from types import SimpleNamespace

from workspaces.kit.questions.logic import Operator, describe, problems


class Options(list):
    def all(self):
        return self


def question(code, *, options=(), rows=(), rule=None):
    made = Options([SimpleNamespace(code=c, label=c.upper(), role="option") for c in options]
                   + [SimpleNamespace(code=c, label=c.upper(), role="row") for c in rows])
    code_, operator, value = rule or ("", "", "")
    return SimpleNamespace(code=code, text=f"Question {code}", options=made, show_if_code=code_,
                           show_if_operator=operator, show_if_value=value)


def page(*questions, rule=None):
    code, operator, value = rule or ("", "", "")
    return (SimpleNamespace(show_if_code=code, show_if_operator=operator, show_if_value=value), list(questions))


def messages(pages):
    return [problem.message for problem in problems(pages)]


def test_rules_on_earlier_pages_are_fine():
    pages = [page(question("Q1", options=["yes", "no"])),
             page(question("Q2", rule=("Q1", "is", "yes")), question("Q3", rule=("Q1", "answered", ""))),
             page(question("Q4"), rule=("Q1", "is_not", "no"))]
    assert problems(pages) == []


def test_a_rule_pointing_forward_is_an_error_naming_both():
    later = question("Q2", rule=("Q5", "is", "yes"))
    pages = [page(question("Q1")), page(later), page(question("Q5", options=["yes"]))]
    found = problems(pages)
    assert [p.item for p in found] == [later]
    assert found[0].message == ("Q2's rule points at Q5, which comes later: a rule can only use an earlier page's "
                                "answer.")


def test_a_rule_on_the_same_page_is_an_error():
    pages = [page(question("Q1", options=["yes"]), question("Q2", rule=("Q1", "is", "yes")))]
    assert messages(pages) == ["Q2's rule points at Q1, on the same page: a rule can only use an earlier page's "
                               "answer (answers are read a page at a time)."]


def test_a_page_rule_is_checked_like_a_question_rule():
    pages = [page(question("Q1", options=["yes"])), page(question("Q2"), rule=("Q2", "answered", ""))]
    found = problems(pages)
    assert found[0].item is pages[1][0]
    assert found[0].message.startswith("Page 2's rule points at Q2, on the same page")


def test_a_deleted_question_and_a_deleted_option_are_errors():
    pages = [page(question("Q1", options=["yes", "no"])),
             page(question("Q2", rule=("Q9", "is", "yes")), question("Q3", rule=("Q1", "is", "maybe")))]
    assert messages(pages) == [
        "Q2's rule points at Q9, which is not in the survey any more: choose another question.",
        "Q3's rule points at option maybe of Q1, which is not there any more: choose one of its options.",
    ]


def test_an_operator_that_needs_an_option_without_one_is_an_error():
    pages = [page(question("Q1", options=["yes"])), page(question("Q2", rule=("Q1", "includes", "")))]
    assert messages(pages) == ["Q2's rule says “includes” but names no option of Q1: choose one."]


def test_a_matrix_row_is_not_an_option_and_a_text_question_has_none():
    pages = [page(question("M", options=["good"], rows=["r1"]), question("T")),
             page(question("Q2", rule=("M", "is", "r1")), question("Q3", rule=("T", "is", "x")),
                  question("Q4", rule=("T", "answered", "")))]
    assert messages(pages) == [
        "Q2's rule points at option r1 of M, which is not there any more: choose one of its options.",
        "Q3's rule needs an option, but T has none: a rule can only ask whether it is answered.",
    ]


def test_an_unknown_operator_is_an_error():
    pages = [page(question("Q1", options=["yes"])), page(question("Q2", rule=("Q1", "sounds_like", "yes")))]
    assert "no valid condition" in messages(pages)[0]


def test_problems_come_in_order_of_the_survey():
    pages = [page(question("Q1", rule=("Q3", "answered", ""))), page(question("Q2", rule=("Q3", "answered", ""))),
             page(question("Q3"))]
    assert [p.item.code for p in problems(pages)] == ["Q1", "Q2"]


def test_describe_keeps_its_words():
    q1 = question("Q1", options=["yes"])
    rule = SimpleNamespace(code="Q1", operator=Operator.IS, value="yes")
    assert describe(rule, {"Q1": q1}) == "Show if Q1 (“Question Q1”) is “YES”"
