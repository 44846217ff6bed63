"""Abstract models for questions, their options and the answers (see the package docstring for
how each kind is stored)."""

from django.core.validators import RegexValidator
from django.db import models

from .kinds import Kind
from .logic import Operator

MAX_CODE_LENGTH = 40
MAX_QUESTION_LENGTH = 1000
MAX_HELP_LENGTH = 2000
MAX_OPTION_LENGTH = 300
MAX_TEXT_ANSWER_LENGTH = 10_000  # a long text answer; a short one is 500
MAX_SHORT_ANSWER_LENGTH = 500

code_validator = RegexValidator(
    r"^[A-Za-z][A-Za-z0-9_]*$",
    "A code starts with a letter and holds only letters, digits and underscores (Q1, age_band).",
)


class ShowIf(models.Model):
    """A show-if rule: shown only when the answer to the question `show_if_code` matches
    (kit.questions.logic). Empty code: always shown."""

    show_if_code = models.CharField("show if the answer to", max_length=MAX_CODE_LENGTH, blank=True)
    show_if_operator = models.CharField(max_length=12, choices=Operator.choices, blank=True)
    show_if_value = models.CharField(max_length=MAX_CODE_LENGTH, blank=True)  # an option code (or a value)

    class Meta:
        abstract = True

    @property
    def rule(self):
        from .logic import Rule

        return Rule.of(self)


class QuestionBase(ShowIf):
    """One question. `code` is stable across versions (results and exports line up by it);
    `position` orders questions within their page."""

    kind = models.CharField(max_length=12, choices=Kind.choices)
    code = models.CharField(max_length=MAX_CODE_LENGTH, validators=[code_validator])
    text = models.CharField(max_length=MAX_QUESTION_LENGTH)
    help_text = models.TextField(blank=True, max_length=MAX_HELP_LENGTH)
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    # number: the range of the answer; multiple: how many may be chosen (both optional).
    min_value = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    max_value = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    allow_other = models.BooleanField("offer “Other (please specify)”", default=False)
    randomise = models.BooleanField("show the options in a random order to each person", default=False)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.code}: {self.text}"


class OptionBase(models.Model):
    """An option of a question: a choice, a scale point (value = its number), an item to rank,
    a matrix column (role COLUMN) or a matrix row (role ROW)."""

    class Role(models.TextChoices):
        OPTION = "option", "Option"
        ROW = "row", "Matrix row"
        COLUMN = "column", "Matrix column"

    code = models.CharField(max_length=MAX_CODE_LENGTH, validators=[code_validator])
    label = models.CharField(max_length=MAX_OPTION_LENGTH)
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.OPTION)
    position = models.PositiveIntegerField(default=0)
    value = models.IntegerField(null=True, blank=True)  # a scale point's (or scale column's) number

    class Meta:
        abstract = True

    def __str__(self):
        return self.label


class AnswerBase(models.Model):
    """One stored value of an answer (see the package docstring for each kind's columns).
    Subclasses add the FK to their response and to their question, and indexes."""

    code = models.CharField(max_length=MAX_CODE_LENGTH)  # the question's code (versions line up by it)
    row = models.CharField(max_length=MAX_CODE_LENGTH, blank=True)
    choice = models.CharField(max_length=MAX_CODE_LENGTH, blank=True)
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    date = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True
