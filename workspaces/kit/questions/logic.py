"""Show-if rules: a question or page shown only when an earlier answer matches.

    rule = Rule.of(question)                      # from its show_if_* fields (None: always shown)
    evaluate(rule, answers)                       # answers: {code: [AnswerValue, ...]} of the response
    describe(rule, questions_by_code)             # "Show if Q3 (Do you cycle?) is “Yes”"
    problems(ordered)                             # [(item, message)]: rules that point forward,
                                                  # at a deleted question or at a deleted option
"""

from dataclasses import dataclass

from django.db import models


class Operator(models.TextChoices):
    IS = "is", "is"
    IS_NOT = "is_not", "is not"
    INCLUDES = "includes", "includes"  # a multiple choice (or any) answer holds this option
    ANSWERED = "answered", "is answered"


@dataclass(frozen=True)
class Rule:
    code: str
    operator: str
    value: str = ""

    @classmethod
    def of(cls, item):
        """The rule of a question or page (ShowIf fields), or None when it is always shown."""
        if not item.show_if_code:
            return None
        return cls(item.show_if_code, item.show_if_operator or Operator.IS, item.show_if_value)


@dataclass(frozen=True)
class AnswerValue:
    """One value to store (kit.questions.models.AnswerBase's columns but code)."""

    row: str = ""
    choice: str = ""
    text: str = ""
    number: object = None  # Decimal
    date: object = None


def evaluate(rule, answers):
    """Whether the rule admits, given the response's answers so far ({code: [AnswerValue]}).
    A rule about a question not answered (or not shown) admits only IS_NOT."""
    if rule is None:
        return True
    values = answers.get(rule.code) or []
    choices = {v.choice for v in values if v.choice}
    if rule.operator == Operator.ANSWERED:
        return bool(values)
    if rule.operator == Operator.IS_NOT:
        return rule.value not in choices
    # IS and INCLUDES: the option was chosen
    return rule.value in choices


def describe(rule, questions_by_code):
    """The rule in words, for the logic check page and the codebook:
    "Show if Q1 (“Do you cycle to work?”) is “Yes”". `questions_by_code`: {code: question with
    its options prefetched (question.options.all())}; a code or option not there is named as it is."""
    if rule is None:
        return "Always shown"
    question = questions_by_code.get(rule.code)
    about = f"{rule.code} (“{question.text}”)" if question is not None else rule.code
    if rule.operator == Operator.ANSWERED:
        return f"Show if {about} is answered"
    label = rule.value
    if question is not None:
        label = next((o.label for o in question.options.all() if o.code == rule.value), rule.value)
    return f"Show if {about} {Operator(rule.operator).label} “{label}”"


@dataclass(frozen=True)
class Problem:
    item: object  # the page or question whose rule is wrong
    message: str  # "Q5's rule points at Q7, which comes later: a rule can only use an earlier page's answer."


def problems(pages):
    """Every rule that cannot work, in order. `pages`: [(page, [its questions in order])], the
    questions with their options prefetched. A rule must point at a question on an EARLIER page
    (answers are read a page at a time, without JavaScript), which exists, and at one of its
    options (for is / is not / includes)."""
    where = {}  # code -> (page index, question): where each question is, to judge a rule
    for index, (_page, questions) in enumerate(pages):
        for question in questions:
            where[question.code] = (index, question)
    found = []
    for index, (page, questions) in enumerate(pages):
        message = _problem(Rule.of(page), f"Page {index + 1}", index, where)
        if message:
            found.append(Problem(page, message))
        for question in questions:
            message = _problem(Rule.of(question), question.code, index, where)
            if message:
                found.append(Problem(question, message))
    return found


NEEDS_OPTION = {Operator.IS, Operator.IS_NOT, Operator.INCLUDES}


def _problem(rule, name, page_index, where):
    """What is wrong with `rule` of the item called `name` on page `page_index`, or ""."""
    if rule is None:
        return ""
    if rule.operator not in Operator.values:
        return f"{name}'s rule has no valid condition: choose “is”, “is not”, “includes” or “is answered”."
    target = where.get(rule.code)
    if target is None:
        return f"{name}'s rule points at {rule.code}, which is not in the survey any more: choose another question."
    target_page, question = target
    if target_page > page_index:
        return (f"{name}'s rule points at {rule.code}, which comes later: a rule can only use an earlier "
                "page's answer.")
    if target_page == page_index:
        return (f"{name}'s rule points at {rule.code}, on the same page: a rule can only use an earlier "
                "page's answer (answers are read a page at a time).")
    if rule.operator not in NEEDS_OPTION:
        return ""
    if not rule.value:
        return f"{name}'s rule says “{Operator(rule.operator).label}” but names no option of {rule.code}: choose one."
    codes = {option.code for option in question.options.all() if option.role != "row"}
    if not codes:
        return (f"{name}'s rule needs an option, but {rule.code} has none: a rule can only ask whether it "
                "is answered.")
    if rule.value not in codes:
        return (f"{name}'s rule points at option {rule.value} of {rule.code}, which is not there any more: "
                "choose one of its options.")
    return ""
