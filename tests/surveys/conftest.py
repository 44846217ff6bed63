"""TEST STAND-INS for the questions helper's work (kit.questions.answers parse/initial/display,
kit.questions.ordering.ordered, templates/kit/questions/field.html), for the kinds the answering
tests use (single, number, long_text/short_text). The lead deletes these at integration.
"""

import sys
import types
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from workspaces.kit.questions import answers
from workspaces.kit.questions.logic import AnswerValue

STANDIN_TEMPLATES = Path(__file__).parent / "standin_templates"


def _parse(question, options, data, *, required=None):
    name = answers.field_name(question)
    raw = (data.get(name) or "").strip()
    required = question.required if required is None else required
    kept = {name: raw}
    if not raw:
        return answers.Parsed(values=[], error="Answer this question" if required else "", kept=kept)
    if question.kind == "single":
        if raw not in {o.code for o in options}:
            return answers.Parsed(error="Choose one of the options", kept=kept)
        return answers.Parsed(values=[AnswerValue(choice=raw)], kept=kept)
    if question.kind == "number":
        try:
            number = Decimal(raw)
        except InvalidOperation:
            return answers.Parsed(error="Enter a number", kept=kept)
        if (question.min_value is not None and number < question.min_value) or (
                question.max_value is not None and number > question.max_value):
            return answers.Parsed(error="Enter a number in range", kept=kept)
        return answers.Parsed(values=[AnswerValue(number=number)], kept=kept)
    return answers.Parsed(values=[AnswerValue(text=raw)], kept=kept)


def _initial(question, values):
    value = values[0]
    shown = value.choice or value.text or ("" if value.number is None else f"{value.number.normalize():f}")
    return {answers.field_name(question): shown}


def _display(question, options, values):
    labels = {o.code: o.label for o in options}
    return "; ".join(labels.get(v.choice, v.choice) if v.choice else (v.text or f"{v.number.normalize():f}")
                     for v in values)


def _ordered(question, options, seed):
    return ([o for o in options if o.role == "option"], [o for o in options if o.role == "row"],
            [o for o in options if o.role == "column"])


@pytest.fixture(autouse=True)
def _question_standins(monkeypatch, settings):
    if not getattr(answers.parse, "is_real", False):
        monkeypatch.setattr(answers, "parse", _parse)
        monkeypatch.setattr(answers, "initial", _initial)
        monkeypatch.setattr(answers, "display", _display)
    try:
        import workspaces.kit.questions.ordering  # noqa: F401
    except ImportError:
        module = types.ModuleType("workspaces.kit.questions.ordering")
        module.ordered = _ordered
        monkeypatch.setitem(sys.modules, "workspaces.kit.questions.ordering", module)
    templates = [dict(engine) for engine in settings.TEMPLATES]
    for engine in templates:
        if engine["BACKEND"].endswith("DjangoTemplates"):
            engine["DIRS"] = [*engine.get("DIRS", []), STANDIN_TEMPLATES]
    settings.TEMPLATES = templates
