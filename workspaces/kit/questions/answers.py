"""Reading one question's answer from a respondent's POST, and showing stored answers again.

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

The fields of each kind (templates/kit/questions/ renders them; `kept` and initial() use the names):
    short_text, long_text, email, number   q-<code>
    single, dropdown, scale                q-<code> = an option code ("other"), q-<code>-other = its text
    multiple                               q-<code> = option codes (several), q-<code>-other
    date                                   q-<code>-day, q-<code>-month, q-<code>-year
    matrix                                 q-<code>-<row code> = a column code, one per row
    ranking                                q-<code>-<item code> = a rank 1..n ("" not ranked)
The question's first control has the id "q-<code>" (field_name(question)): an error summary links there.

Text is kept as typed (line breaks as LF, control characters refused: the edge refuses them in a
request already, this is for any other caller); limits are MAX_SHORT_ANSWER_LENGTH (one line,
and "Other" text) and MAX_TEXT_ANSWER_LENGTH (long text). Numbers are read as Decimal, never float.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from .kinds import OTHER, Kind
from .logic import AnswerValue
from .messages import missing, number_words, plural
from .models import MAX_SHORT_ANSWER_LENGTH, MAX_TEXT_ANSWER_LENGTH, OptionBase

Role = OptionBase.Role

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_MESSAGE = ("Your answer had invisible control characters (they sometimes come with text copied from "
                   "another program). They have been removed: check your answer and send it again")
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"
REAL_DATE_MESSAGE = "Enter a real date, for example 27 3 2027"
OTHER_MESSAGE = "Enter what you mean by Other"
TAMPERED_CHOICE = "Select one of the answers shown"
MAX_EMAIL_LENGTH = 254
MAX_NUMBER = Decimal(10) ** 12  # AnswerBase.number: 18 digits, 6 of them decimal places
NUMBER_PLACES = 6
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?")
_DIGITS = re.compile(r"[0-9]{1,4}")
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_email = EmailValidator()


@dataclass
class Parsed:
    values: list = field(default_factory=list)
    error: str = ""
    kept: dict = field(default_factory=dict)


def field_name(question, suffix=""):
    return f"q-{question.code}" + (f"-{suffix}" if suffix else "")


def _one(data, name):
    value = data.get(name, "")
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return "" if value is None else str(value)


def _many(data, name):
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(name)]
    value = data.get(name, [])
    return [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]


def _clean(raw, *, one_line=True):
    """(text without control characters, whether it had any); line breaks as LF."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if one_line:
        text = text.replace("\n", " ").replace("\t", " ")
    clean = CONTROL_CHARACTERS.sub("", text)
    return clean, clean != text


def _too_long(limit, length, what="Your answer"):
    return f"{what} must be {limit:,} characters or fewer – it has {length:,}"


def _unanswered(question, required, kept, verb, fallback, *, whether=True):
    if required:
        return Parsed(error=missing(question, verb, fallback, whether=whether), kept=kept)
    return Parsed(kept=kept)


def _sorted(options, role):
    return sorted((o for o in options if (o.role or Role.OPTION) == role), key=lambda o: (o.position, o.code))


def _suffixed_fields(question, data):
    """The names of the fields sent for this question with a suffix ("q-Q5-r1")."""
    prefix = field_name(question) + "-"
    return {name for name in data.keys() if name.startswith(prefix)}


# --- Text ---------------------------------------------------------------------------------


def _parse_text(question, options, data, required):
    long = question.kind == Kind.LONG_TEXT
    name = field_name(question)
    text, had_control = _clean(_one(data, name), one_line=not long)
    kept = {name: text}
    if had_control:
        return Parsed(error=CONTROL_MESSAGE, kept=kept)
    text = text.strip()
    if not text:
        return _unanswered(question, required, kept, "Enter", "Enter your answer", whether=False)
    limit = MAX_TEXT_ANSWER_LENGTH if long else MAX_SHORT_ANSWER_LENGTH
    if len(text) > limit:
        return Parsed(error=_too_long(limit, len(text)), kept=kept)
    return Parsed(values=[AnswerValue(text=text)], kept=kept)


def _parse_email(question, options, data, required):
    name = field_name(question)
    text, had_control = _clean(_one(data, name))
    kept = {name: text}
    if had_control:
        return Parsed(error=CONTROL_MESSAGE, kept=kept)
    text = text.strip()
    if not text:
        return _unanswered(question, required, kept, "Enter", "Enter an email address", whether=False)
    try:
        if len(text) > MAX_EMAIL_LENGTH:
            raise ValidationError("too long")
        _email(text)
    except ValidationError:
        return Parsed(error=EMAIL_MESSAGE, kept=kept)
    return Parsed(values=[AnswerValue(text=text)], kept=kept)


# --- Numbers and dates ------------------------------------------------------------------------


def _range_message(low, high):
    if low is not None and high is not None:
        return f"Enter a number between {number_words(low)} and {number_words(high)}"
    if low is not None:
        return f"Enter a number that is {number_words(low)} or more"
    if high is not None:
        return f"Enter a number that is {number_words(high)} or less"
    return "Enter a number, like 12 or 2.5"


def read_number(text):
    """Decimal from what people type ("1,250", "-3.5", "−2"), or None; never float."""
    text = text.strip().replace("−", "-").replace(" ", "")
    if not text or not _NUMBER.fullmatch(text) or not any(c.isdigit() for c in text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _parse_number(question, options, data, required):
    name = field_name(question)
    text, had_control = _clean(_one(data, name))
    kept = {name: text}
    if had_control:
        return Parsed(error=CONTROL_MESSAGE, kept=kept)
    if not text.strip():
        return _unanswered(question, required, kept, "Enter", "Enter a number", whether=False)
    low, high = question.min_value, question.max_value
    low = None if low is None else Decimal(str(low))
    high = None if high is None else Decimal(str(high))
    number = read_number(text)
    if number is None or abs(number) >= MAX_NUMBER:
        return Parsed(error=_range_message(low, high), kept=kept)
    if number.as_tuple().exponent < -NUMBER_PLACES and number != number.quantize(Decimal(1).scaleb(-NUMBER_PLACES)):
        return Parsed(error=f"Enter a number with no more than {NUMBER_PLACES} decimal places", kept=kept)
    if (low is not None and number < low) or (high is not None and number > high):
        return Parsed(error=_range_message(low, high), kept=kept)
    return Parsed(values=[AnswerValue(number=number)], kept=kept)


DATE_PARTS = ("day", "month", "year")


def _date_part(part, text):
    text = text.strip()
    if part == "month" and text[:3].lower() in _MONTHS and text.isalpha():
        return _MONTHS[text[:3].lower()]
    if not _DIGITS.fullmatch(text) or (part == "year" and len(text) != 4):
        return None
    return int(text)


def _parse_date(question, options, data, required):
    names = {part: field_name(question, part) for part in DATE_PARTS}
    kept, had_control = {}, False
    for name in names.values():
        kept[name], control = _clean(_one(data, name))
        had_control |= control
    if had_control:
        return Parsed(error=CONTROL_MESSAGE, kept=kept)
    given = {part: kept[name].strip() for part, name in names.items()}
    if not any(given.values()):
        return _unanswered(question, required, kept, "Enter", "Enter a date", whether=False)
    absent = [part for part in DATE_PARTS if not given[part]]
    if absent:
        return Parsed(error="The date must include a " + " and ".join(absent), kept=kept)
    numbers = {part: _date_part(part, text) for part, text in given.items()}
    try:
        if None in numbers.values():
            raise ValueError
        when = date(numbers["year"], numbers["month"], numbers["day"])
    except ValueError:
        return Parsed(error=REAL_DATE_MESSAGE, kept=kept)
    return Parsed(values=[AnswerValue(date=when)], kept=kept)


# --- Choices --------------------------------------------------------------------------------


def _other_text(question, data, kept):
    """What they wrote for "Other" (only when the question offers it), and whether it had control characters."""
    if not question.allow_other:
        return "", False
    name = field_name(question, OTHER)
    kept[name], had_control = _clean(_one(data, name))
    return kept[name].strip(), had_control


def _other_value(text):
    if not text:
        return None, OTHER_MESSAGE
    if len(text) > MAX_SHORT_ANSWER_LENGTH:
        return None, _too_long(MAX_SHORT_ANSWER_LENGTH, len(text), "What you mean by Other")
    return AnswerValue(choice=OTHER, text=text), ""


def _scale_number(option, points):
    return Decimal(option.value if option.value is not None else points.index(option) + 1)


def _parse_choice(question, options, data, required):
    """single, dropdown and scale: one option (or Other)."""
    name = field_name(question)
    code = _one(data, name).strip()
    kept = {name: code}
    other, had_control = _other_text(question, data, kept)
    if had_control:
        return Parsed(error=CONTROL_MESSAGE, kept=kept)
    if not code and other:
        code = kept[name] = OTHER  # wrote in the Other box without choosing it: they meant Other
    if not code:
        return _unanswered(question, required, kept, "Select", "Select an answer")
    if code == OTHER and question.allow_other:
        value, error = _other_value(other)
        return Parsed(error=error, kept=kept) if error else Parsed(values=[value], kept=kept)
    points = _sorted(options, Role.OPTION)
    option = next((o for o in points if o.code == code), None)
    if option is None:
        return Parsed(error=TAMPERED_CHOICE, kept=kept)
    number = _scale_number(option, points) if question.kind == Kind.SCALE else None
    return Parsed(values=[AnswerValue(choice=option.code, number=number)], kept=kept)


def _selection_limits(question):
    low, high = question.min_value, question.max_value
    return (int(low) if low is not None and low > 0 else None), (int(high) if high is not None else None)


def _selection_message(low, high):
    if low and high and low == high:
        return f"Select {plural(low, 'option', 'options')}"
    if high is not None and low:
        return f"Select between {low} and {high} options"
    if high is not None:
        return f"Select no more than {plural(high, 'option', 'options')}"
    return f"Select at least {plural(low, 'option', 'options')}"


def _parse_multiple(question, options, data, required):
    name = field_name(question)
    codes = list(dict.fromkeys(c.strip() for c in _many(data, name) if c.strip()))
    kept = {name: list(codes)}
    other, had_control = _other_text(question, data, kept)
    if had_control:
        return Parsed(error=CONTROL_MESSAGE, kept=kept)
    if other and OTHER not in codes:
        codes.append(OTHER)
        kept[name].append(OTHER)
    if not codes:
        return _unanswered(question, required, kept, "Select", "Select at least one option")
    choices = _sorted(options, Role.OPTION)
    known = {o.code for o in choices} | ({OTHER} if question.allow_other else set())
    if any(code not in known for code in codes):
        return Parsed(error=TAMPERED_CHOICE, kept=kept)
    low, high = _selection_limits(question)
    if (high is not None and len(codes) > high) or (low and len(codes) < low):
        return Parsed(error=_selection_message(low, high), kept=kept)
    values = [AnswerValue(choice=o.code) for o in choices if o.code in codes]
    if OTHER in codes:
        value, error = _other_value(other)
        if error:
            return Parsed(error=error, kept=kept)
        values.append(value)
    return Parsed(values=values, kept=kept)


def _parse_matrix(question, options, data, required):
    rows, columns = _sorted(options, Role.ROW), _sorted(options, Role.COLUMN)
    names = {field_name(question, row.code): row for row in rows}
    kept = {name: _one(data, name).strip() for name in names}
    by_code = {column.code: column for column in columns}
    if _suffixed_fields(question, data) - names.keys() or any(v and v not in by_code for v in kept.values()):
        return Parsed(error="Select one of the answers shown in each row", kept=kept)
    values = [
        AnswerValue(row=row.code, choice=kept[name],
                    number=None if by_code[kept[name]].value is None else Decimal(by_code[kept[name]].value))
        for name, row in names.items() if kept[name]
    ]
    if required and len(values) < len(rows):
        return Parsed(error="Answer every row", kept=kept)
    return Parsed(values=values, kept=kept)


def _parse_ranking(question, options, data, required):
    items = _sorted(options, Role.OPTION)
    names = {field_name(question, item.code): item for item in items}
    kept = {name: _one(data, name).strip() for name in names}
    count = len(items)
    ranks = {}
    for name, item in names.items():
        if kept[name]:
            rank = int(kept[name]) if _DIGITS.fullmatch(kept[name]) else 0
            if not 1 <= rank <= count:
                return Parsed(error=f"Give each item a rank from 1 to {count}", kept=kept)
            ranks[item.code] = rank
    if _suffixed_fields(question, data) - names.keys():
        return Parsed(error=f"Give each item a rank from 1 to {count}", kept=kept)
    if len(set(ranks.values())) < len(ranks):
        return Parsed(error="Give each item a different rank", kept=kept)
    if required and len(ranks) < count:
        return Parsed(error=f"Give every item a rank from 1 to {count}", kept=kept)
    values = [AnswerValue(row=code, number=Decimal(rank)) for code, rank in sorted(ranks.items(), key=lambda x: x[1])]
    return Parsed(values=values, kept=kept)


_PARSERS = {
    Kind.SHORT_TEXT: _parse_text,
    Kind.LONG_TEXT: _parse_text,
    Kind.EMAIL: _parse_email,
    Kind.NUMBER: _parse_number,
    Kind.DATE: _parse_date,
    Kind.SINGLE: _parse_choice,
    Kind.DROPDOWN: _parse_choice,
    Kind.SCALE: _parse_choice,
    Kind.MULTIPLE: _parse_multiple,
    Kind.MATRIX: _parse_matrix,
    Kind.RANKING: _parse_ranking,
}


def parse(question, options, data, *, required=None):
    """The AnswerValues to store for `question` from `data` (a POST), or the message saying what
    to put right; see the module docstring. `required` None: as the question says."""
    required = question.required if required is None else required
    return _PARSERS[Kind(question.kind)](question, list(options), data, required)


# --- Stored answers shown again ---------------------------------------------------------------


def initial(question, values):
    """Stored values (AnswerValues or Answer rows) -> {field name: value}, the shape of Parsed.kept."""
    values = list(values)
    kind = Kind(question.kind)
    name = field_name(question)
    if not values:
        return {}
    first = values[0]
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT, Kind.EMAIL):
        return {name: first.text}
    if kind == Kind.NUMBER:
        return {name: number_words(first.number) if first.number is not None else ""}
    if kind == Kind.DATE:
        when = first.date
        return {field_name(question, "day"): str(when.day), field_name(question, "month"): str(when.month),
                field_name(question, "year"): str(when.year)} if when else {}
    other = next((v.text for v in values if v.choice == OTHER), "")
    if kind in (Kind.SINGLE, Kind.DROPDOWN, Kind.SCALE):
        return {name: first.choice, **({field_name(question, OTHER): other} if other else {})}
    if kind == Kind.MULTIPLE:
        return {name: [v.choice for v in values], **({field_name(question, OTHER): other} if other else {})}
    if kind == Kind.MATRIX:
        return {field_name(question, v.row): v.choice for v in values}
    return {field_name(question, v.row): number_words(v.number) for v in values if v.number is not None}  # ranking


def _label(by_code, code):
    option = by_code.get(code)
    return option.label if option is not None else code  # an option since deleted: its code


def _choice_words(value, by_code):
    return f"Other: {value.text}" if value.choice == OTHER else _label(by_code, value.choice)


def display(question, options, values):
    """The answer in words ("" when not answered), for "Check your answers", a response's page
    and the labels export."""
    values = list(values)
    if not values:
        return ""
    kind = Kind(question.kind)
    options = list(options)
    first = values[0]
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT, Kind.EMAIL):
        return first.text
    if kind == Kind.NUMBER:
        return number_words(first.number) if first.number is not None else ""
    if kind == Kind.DATE:
        return f"{first.date.day} {first.date:%B %Y}" if first.date else ""
    choices = {o.code: o for o in _sorted(options, Role.OPTION)}
    if kind == Kind.SCALE:
        label = _label(choices, first.choice)
        return f"{number_words(first.number)} – {label}" if first.number is not None else label
    if kind in (Kind.SINGLE, Kind.DROPDOWN):
        return _choice_words(first, choices)
    if kind == Kind.MULTIPLE:
        order = {code: i for i, code in enumerate(choices)}
        chosen = sorted(values, key=lambda v: (v.choice == OTHER, order.get(v.choice, len(order))))
        return "; ".join(_choice_words(v, choices) for v in chosen)
    if kind == Kind.MATRIX:
        rows, columns = _sorted(options, Role.ROW), {o.code: o for o in _sorted(options, Role.COLUMN)}
        order = {row.code: i for i, row in enumerate(rows)}
        by_row = {row.code: row for row in rows}
        chosen = sorted(values, key=lambda v: order.get(v.row, len(order)))
        return "; ".join(f"{_label(by_row, v.row)}: {_label(columns, v.choice)}" for v in chosen)
    ranked = sorted((v for v in values if v.number is not None), key=lambda v: v.number)  # ranking
    return "; ".join(f"{number_words(v.number)}. {_label(choices, v.row)}" for v in ranked)
