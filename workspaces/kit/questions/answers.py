"""Reading one question's answer from a respondent's POST, and showing stored answers again
(the answering work fills these in; the interface is fixed so the other parts can rely on it).

    parsed = parse(question, options, request.POST)                  # required as the question says
    parsed = parse(question, options, request.POST, required=False)  # "Save and continue later"
    parsed.values   # [AnswerValue] to store (empty: not answered); nothing when parsed.error
    parsed.error    # the message for the person ("Enter a number between 0 and 200"), shown next
                    # to the field and in the error summary; never an exception, never a 500
    parsed.kept     # {field name: what they sent}, to put back in the form with the error

    kept = initial(question, values)       # stored AnswerValues -> field values (a saved page shown again)
    words = display(question, options, values)   # the answer in words: "Yes", "Cycle lanes; Other: a bus",
                                                 # "4 – Safe", "Lighting: Good; Surfaces: Fair", "1. Parking ..."
    name = field_name(question, "other")   # "q-Q4-other": every field of a question starts with "q-<code>"

`options` are the question's Option rows (every role), in any order. Tampered values (an
option code the question does not have, a row that is not there, a rank out of range) are
refused with a message like any other mistake.
"""

from dataclasses import dataclass, field


@dataclass
class Parsed:
    values: list = field(default_factory=list)
    error: str = ""
    kept: dict = field(default_factory=dict)


def field_name(question, suffix=""):
    return f"q-{question.code}" + (f"-{suffix}" if suffix else "")


def parse(question, options, data, *, required=None):
    raise NotImplementedError


def initial(question, values):
    raise NotImplementedError


def display(question, options, values):
    raise NotImplementedError
