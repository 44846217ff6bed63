"""What templates/kit/questions/ needs to show one question: every control with its id, name,
label and whether it is chosen (from `kept`, which answers.parse or answers.initial made), so the
templates hold no logic. Used through {% question_field %} (workspaces/templatetags/kit_questions.py).

Ids: the question's first control is "q-<code>" (answers.field_name), the target of the error
summary's link; the others "q-<code>-…". Hint and error ids are "q-<code>-hint" and "q-<code>-error".
"""

from dataclasses import dataclass, field

from .answers import field_name
from .kinds import OTHER, Kind
from .messages import number_words, plural

TEMPLATES = {
    Kind.SHORT_TEXT: "input", Kind.EMAIL: "input", Kind.NUMBER: "input", Kind.LONG_TEXT: "long_text",
    Kind.SINGLE: "choices", Kind.MULTIPLE: "choices", Kind.SCALE: "choices", Kind.DROPDOWN: "dropdown",
    Kind.DATE: "date", Kind.MATRIX: "matrix", Kind.RANKING: "ranking",
}
# type, inputmode, autocomplete, width (a CSS class: what fits the answer, not the screen)
INPUTS = {
    Kind.SHORT_TEXT: ("text", "", "", "wide"),
    Kind.EMAIL: ("email", "", "email", "wide"),
    Kind.NUMBER: ("text", "decimal", "off", "number"),  # GOV.UK: not type=number (it rounds, it scrolls)
}


@dataclass
class Control:
    id: str
    name: str
    value: str
    label: str
    checked: bool = False
    number: str = ""  # a scale point's value, shown before its words


@dataclass
class Row:
    label: str
    name: str
    cells: list


@dataclass
class Rank:
    id: str
    name: str
    label: str
    ranks: list  # [(value, selected)]


@dataclass
class Other:
    choice_id: str  # the "Other" radio, checkbox or select option
    id: str  # its text box
    name: str
    value: str
    checked: bool


@dataclass
class Field:
    question: object
    kind: str
    template: str
    name: str
    error: str = ""
    hints: list = field(default_factory=list)
    value: str = ""
    input_type: str = ""
    inputmode: str = ""
    autocomplete: str = ""
    width: str = ""
    control_type: str = ""
    choices: list = field(default_factory=list)
    other: Other = None
    rows: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    parts: list = field(default_factory=list)
    items: list = field(default_factory=list)

    @property
    def id(self):
        return self.name

    @property
    def hint_id(self):
        return f"{self.name}-hint"

    @property
    def error_id(self):
        return f"{self.name}-error"

    @property
    def describedby(self):
        return " ".join(([self.hint_id] if self.hints else []) + ([self.error_id] if self.error else []))


def _kept_one(kept, name):
    value = kept.get(name, "")
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value)


def _kept_many(kept, name):
    value = kept.get(name, [])
    return {str(v) for v in (value if isinstance(value, (list, tuple)) else [value])}


def _limit_hint(question):
    low, high = question.min_value, question.max_value
    if question.kind == Kind.NUMBER:
        if low is not None and high is not None:
            return f"A number from {number_words(low)} to {number_words(high)}"
        if low is not None or high is not None:
            return f"A number {number_words(low)} or more" if low is not None else \
                f"A number {number_words(high)} or less"
        return ""
    low = int(low) if low is not None and low > 0 else None
    high = int(high) if high is not None else None
    if low and high:
        return f"Select {plural(low, 'option', 'options')}" if low == high else f"Select {low} to {high} options"
    if high:
        return f"Select up to {plural(high, 'option', 'options')}"
    return f"Select at least {plural(low, 'option', 'options')}" if low else "Select all that apply"


def _choices(question, field_, choices, kept):
    name = field_.name
    chosen = _kept_many(kept, name) if question.kind == Kind.MULTIPLE else {_kept_one(kept, name)}
    field_.choices = [
        Control(id=name if i == 0 else f"{name}-choice-{o.code}", name=name, value=o.code, label=o.label,
                checked=o.code in chosen,
                number="" if question.kind != Kind.SCALE else str(o.value if o.value is not None else i + 1))
        for i, o in enumerate(choices)
    ]
    if question.allow_other and question.kind != Kind.SCALE:
        other_name = field_name(question, OTHER)
        field_.other = Other(choice_id=name if not choices else f"{name}-choice-{OTHER}", id=other_name,
                             name=other_name, value=_kept_one(kept, other_name), checked=OTHER in chosen)


def question_field(question, *, choices=(), rows=(), columns=(), kept=None, error=""):
    """The Field to render; choices, rows and columns as ordering.ordered() gives them."""
    kind = Kind(question.kind)
    kept = kept or {}
    name = field_name(question)
    hints = [question.help_text] if question.help_text else []
    f = Field(question=question, kind=kind.value, template=f"kit/questions/{TEMPLATES[kind]}.html", name=name,
              error=error, hints=hints)
    if kind in INPUTS:
        f.input_type, f.inputmode, f.autocomplete, f.width = INPUTS[kind]
        f.value = _kept_one(kept, name)
        if kind == Kind.NUMBER and (hint := _limit_hint(question)):
            hints.append(hint)
    elif kind == Kind.LONG_TEXT:
        f.value = _kept_one(kept, name)
    elif kind == Kind.DATE:
        hints.append("For example, 27 3 2027")
        f.parts = [
            Control(id=name if part == "day" else field_name(question, part), name=field_name(question, part),
                    value=_kept_one(kept, field_name(question, part)), label=part.capitalize())
            for part in ("day", "month", "year")
        ]
    elif kind == Kind.MATRIX:
        f.columns = list(columns)
        f.rows = []
        for r, row in enumerate(rows):
            row_name = field_name(question, row.code)
            chosen = _kept_one(kept, row_name)
            f.rows.append(Row(label=row.label, name=row_name, cells=[
                Control(id=name if r == 0 and c == 0 else f"{row_name}-{col.code}", name=row_name, value=col.code,
                        label=col.label, checked=col.code == chosen)
                for c, col in enumerate(columns)
            ]))
    elif kind == Kind.RANKING:
        count = len(choices)
        hints.append("Give 1 to your first choice, 2 to your second, and so on: each number once"
                     if count > 1 else "")
        f.items = []
        for i, item in enumerate(choices):
            item_name = field_name(question, item.code)
            rank = _kept_one(kept, item_name)
            f.items.append(Rank(id=name if i == 0 else item_name, name=item_name, label=item.label,
                                ranks=[(str(n), str(n) == rank) for n in range(1, count + 1)]))
    else:  # single, multiple, scale, dropdown
        f.control_type = "checkbox" if kind == Kind.MULTIPLE else "radio"
        if kind == Kind.MULTIPLE:
            hints.append(_limit_hint(question))
        _choices(question, f, list(choices), kept)
    f.hints = [h for h in hints if h]
    return f
