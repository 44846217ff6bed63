"""kit.questions.messages: the question's own words in an error message when they fit."""

import pytest

from workspaces.kit.questions.messages import about, number_words


@pytest.mark.parametrize("text, words", [
    ("Do you cycle to work?", "whether you cycle to work"),
    ("Are you over 18?", "whether you are over 18"),
    ("Have you visited   the site?", "whether you have visited the site"),
    ("Which would help?", "which would help"),
    ("Which area do you live in?", "which area you live in"),
    ("How many miles is your journey?", "how many miles your journey is"),
    ("What is your postcode?", "your postcode"),
    ("What’s your name?", "your name"),
    ("When did you start cycling?", ""),  # "when you started": not attempted
    ("Rate each", ""),  # not a question
    ("Your views on the plan?", ""),
    ("Do you agree? Why?", ""),
])
def test_about(text, words):
    assert about(text) == words


def test_about_without_whether_for_answers_to_enter():
    assert about("Do you have any comments?", whether=False) == ""


@pytest.mark.parametrize("value, words", [(0, "0"), ("200.000000", "200"), ("2.500000", "2.5"), ("-0.25", "-0.25"),
                                          (1000000, "1000000")])
def test_number_words(value, words):
    assert number_words(value) == words
