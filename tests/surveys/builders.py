"""Builders for survey tests: surveys made the way the builder and the services make them.

    survey = make_survey(workspace, manager, pages=[
        [q("Q1", "single", options=["Yes", "No"], required=True)],
        [q("Q2", "long_text", show_if=("Q1", "is", "o1"))],
    ])                                     # live (v1 published) unless live=False

Options given as labels get codes o1, o2, ...; as (code, label) pairs keep theirs. A scale's
options get values 1..n; a matrix takes rows=[...] and options (its columns)."""

import itertools

from django.urls import reverse

from surveys import services
from surveys.models import Option, Page, Question, Survey, SurveyVersion

_n = itertools.count(1)


def q(code, kind, text=None, *, options=(), rows=(), show_if=None, **extra):
    return {"code": code, "kind": kind, "text": text or f"Question {code}", "options": options, "rows": rows,
            "show_if": show_if, **extra}


def _coded(items, prefix):
    return [item if isinstance(item, tuple) else (f"{prefix}{i}", item) for i, item in enumerate(items, 1)]


def add_questions(version, pages):
    """Fill a draft version: one Page per entry of `pages` (a list of question specs, or a dict
    {"title":..., "questions": [...], "show_if": (code, op, value)})."""
    existing = list(version.pages.all())
    for index, spec in enumerate(pages):
        spec = spec if isinstance(spec, dict) else {"questions": spec}
        page = existing[index] if index < len(existing) else Page.objects.create(version=version, position=index)
        page.title = spec.get("title", "")
        if spec.get("show_if"):
            page.show_if_code, page.show_if_operator, page.show_if_value = spec["show_if"]
        page.save()
        for position, qs in enumerate(spec["questions"]):
            qs = dict(qs)
            options, rows, show_if = qs.pop("options"), qs.pop("rows"), qs.pop("show_if")
            question = Question.objects.create(version=version, page=page, position=position, **qs)
            if show_if:
                question.show_if_code, question.show_if_operator, question.show_if_value = show_if
                question.save()
            kind = question.kind
            role = Option.Role.COLUMN if kind == "matrix" else Option.Role.OPTION
            for i, (code, label) in enumerate(_coded(options, "o" if kind != "matrix" else "c"), 1):
                Option.objects.create(question=question, code=code, label=label, role=role, position=i,
                                      value=i if kind in ("scale", "matrix") else None)
            for i, (code, label) in enumerate(_coded(rows, "r"), 1):
                Option.objects.create(question=question, code=code, label=label, role=Option.Role.ROW, position=i)


def make_survey(workspace, author, *, pages=(), live=True, title=None, **extra):
    survey = services.survey_create(actor=author, workspace=workspace, title=title or f"Survey {next(_n)}", **extra)
    add_questions(survey.draft_version, pages)
    if live:
        services.publish(actor=author, survey=survey)
    return Survey.objects.get(pk=survey.pk)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def url(name, workspace, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"workspace": workspace.slug, **kwargs})


SAMPLE_PAGES = [
    {"title": "About you", "questions": [
        q("Q1", "single", "Do you cycle to work?", options=["Yes", "No"], required=True),
    ]},
    {"title": "Your journey", "questions": [
        q("Q2", "number", "How many miles is your journey?", min_value=0, max_value=200,
          show_if=("Q1", "is", "o1")),
    ]},
    {"title": "Your views", "questions": [
        q("Q3", "scale", "How safe do you feel on the roads?", options=["Very unsafe", "Unsafe", "Neutral",
                                                                          "Safe", "Very safe"]),
        q("Q4", "multiple", "Which would help?", options=["Cycle lanes", "Parking", "Showers"], allow_other=True,
          max_value=2),
        q("Q5", "matrix", "Rate each", rows=["Lighting", "Surfaces"], options=["Poor", "Fair", "Good"]),
        q("Q6", "long_text", "Anything else?"),
    ]},
]

__all__ = ["Option", "Page", "Question", "SAMPLE_PAGES", "Survey", "SurveyVersion", "add_questions", "fresh",
           "make_survey", "q", "url"]
