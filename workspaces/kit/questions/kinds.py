"""The question types and what each one takes."""

from dataclasses import dataclass

from django.db import models


class Kind(models.TextChoices):
    SHORT_TEXT = "short_text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    SINGLE = "single", "Single choice (radio buttons)"
    MULTIPLE = "multiple", "Multiple choice (checkboxes)"
    DROPDOWN = "dropdown", "Dropdown"
    SCALE = "scale", "Rating scale / Likert"
    NUMBER = "number", "Number"
    DATE = "date", "Date"
    EMAIL = "email", "Email address"
    MATRIX = "matrix", "Matrix (rows × scale)"
    RANKING = "ranking", "Ranking"


@dataclass(frozen=True)
class KindSpec:
    options: bool = False  # has options (choices, scale points, items to rank, matrix columns)
    rows: bool = False  # has matrix rows
    other: bool = False  # may offer "Other (please specify)"
    randomisable: bool = False  # option order may be shuffled per respondent
    limits: str = ""  # what min_value/max_value mean: "number", "selections", "" (none)
    text: bool = False  # the answer is free text (searchable, taggable)
    numeric: bool = False  # results show mean and median


SPECS = {
    Kind.SHORT_TEXT: KindSpec(text=True),
    Kind.LONG_TEXT: KindSpec(text=True),
    Kind.SINGLE: KindSpec(options=True, other=True, randomisable=True),
    Kind.MULTIPLE: KindSpec(options=True, other=True, randomisable=True, limits="selections"),
    Kind.DROPDOWN: KindSpec(options=True, other=True, randomisable=True),
    Kind.SCALE: KindSpec(options=True, numeric=True),
    Kind.NUMBER: KindSpec(limits="number", numeric=True),
    Kind.DATE: KindSpec(),
    Kind.EMAIL: KindSpec(),
    Kind.MATRIX: KindSpec(options=True, rows=True, randomisable=True),
    Kind.RANKING: KindSpec(options=True, randomisable=True, numeric=True),
}

OTHER = "other"  # the choice code of "Other (please specify)"


def spec(kind):
    return SPECS[Kind(kind)]
