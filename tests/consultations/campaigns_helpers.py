"""Responses for the campaigns part's tests: offline ones (no respondent), so one test may add
many with the same text."""

from consultations.models import Answer, Question

from .builders import make_response

TEXT = ("We object to the closure of the Riverside library because it is the only place in the town where "
        "children can study after school and older people can use a computer for free")


def one_word_changed(text, at, word):
    words = text.split()
    words[at] = word
    return " ".join(words)


def respond(consultation, text, *, staff, where=("2", 1), **extra):
    return make_response(consultation, None, channel="letter", entered_by=staff, comments=[(*where, text)], **extra)


def answer(response, code, text, *, position=0):
    question = Question.objects.filter(consultation=response.consultation, code=code).first() or \
        Question.objects.create(consultation=response.consultation, code=code, kind="long_text",
                                text=f"Question {code}", position=position)
    return Answer.objects.create(response=response, consultation=response.consultation, question=question,
                                 code=code, text=text)


def acceptance_set(consultation, staff):
    """3 identical + 2 near-identical (one word changed) + 1 unique: [responses]."""
    return [
        respond(consultation, TEXT, staff=staff),
        respond(consultation, TEXT.upper(), staff=staff),
        respond(consultation, TEXT + "!", staff=staff),
        respond(consultation, one_word_changed(TEXT, 5, "shutting"), staff=staff),
        respond(consultation, one_word_changed(TEXT, 22, "pensioners"), staff=staff),
        respond(consultation, "I support the plan: a new library in the centre will serve everyone better.",
                staff=staff),
    ]
