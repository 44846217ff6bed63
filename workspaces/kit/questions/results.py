"""Aggregation of answers for results pages (surveys, e-consultations), in SQL.

Two sources give the same Counts, so one summariser serves both:

    counts = counts_from_tallies(tally_queryset)          # maintained counters: the unfiltered page
    counts = counts_from_answers(answer_queryset, responses=response_queryset, kinds={code: kind})
                                                          # any filtered set of responses, in SQL
    summary = summarise(question, options, counts)        # one question's Summary (below)

A tally queryset has the columns code, row, choice, count, number_count, number_sum with the
keys of surveys.models.results.Tally ("" "" "" = respondents; choice "*" = answered). An answer
queryset is a tool's AnswerBase rows (code, row, choice, number) with a `response` FK.

Medians: a scale's or a matrix row's comes from its point counts (exact, no answer read). A
number question's: from tallies, from its distribution of distinct values (cells with choice
"=<value>", see VALUE), exact and without reading 200,000 scattered answer rows (which costs
more than the whole page may); from answers, in SQL (PostgreSQL's percentile_cont; elsewhere
the middle row(s) by ORDER BY ... LIMIT 2 OFFSET, one query per question). Nothing here loads
answers into Python.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections
from django.db.models import Aggregate, Count, Exists, FloatField, OuterRef, Sum

from .kinds import OTHER, Kind, spec

ANSWERED = "*"
RESPONDENTS = ("", "", "")
VALUE = "="  # a tally cell "=12.5" counts the answers to a number question with that value


def value_key(number):
    """The tally choice for a number answer: "=12.5" (one key per value: 12.50 and 12.5 agree)."""
    text = format(Decimal(number).normalize(), "f")
    return VALUE + ("0" if text in ("-0", "") else text)


@dataclass
class Counts:
    respondents: int = 0
    cells: dict = field(default_factory=dict)  # (code, row, choice) -> count; choice "*": answered
    numbers: dict = field(default_factory=dict)  # (code, row) -> (count of numbers, their sum)
    medians: dict = field(default_factory=dict)  # (code, row) -> median (number questions)

    def get(self, code, row="", choice=ANSWERED):
        return self.cells.get((code, row, choice), 0)


def counts_from_tallies(tallies):
    """Counts from maintained counters (summed over whatever rows `tallies` holds: all versions,
    or one). One query."""
    counts = Counts()
    rows = tallies.values("code", "row", "choice").annotate(
        n=Sum("count"), nc=Sum("number_count"), ns=Sum("number_sum")).order_by()
    distributions = {}
    for row in rows:
        key = (row["code"], row["row"], row["choice"])
        if row["choice"].startswith(VALUE):
            distributions.setdefault(key[:2], []).append((Decimal(row["choice"][1:]), row["n"] or 0))
            continue
        counts.cells[key] = row["n"] or 0
        if row["choice"] == ANSWERED and row["nc"]:
            counts.numbers[(row["code"], row["row"])] = (row["nc"], row["ns"])
    counts.respondents = counts.cells.pop(RESPONDENTS, 0)
    counts.medians = {key: median_of_counts(pairs) for key, pairs in distributions.items()}
    return counts


class _Median(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def counts_from_answers(answers, *, responses, kinds):
    """Counts over the answers of the chosen responses: `answers` the answer rows of `responses`
    (the response queryset; answers have a `response` FK and a `code`), `kinds` {code: kind} of
    the questions shown. One query counts the responses, and, for the questions that store
    several rows per person (multiple choice; a matrix or a ranking as a whole), those with an
    answer (EXISTS on the answers' (response, code) index: no DISTINCT over the answers); one
    GROUP BY (code, row, choice) counts the rest (one row per person and row for the other kinds,
    so rows count people); then the medians of the number questions (one query on PostgreSQL,
    one per question elsewhere)."""
    several = [code for code, kind in kinds.items() if kind in (Kind.MULTIPLE, Kind.MATRIX, Kind.RANKING)]
    model = answers.model
    answered = {f"c{i}": Count("pk", filter=Exists(model.objects.filter(response=OuterRef("pk"), code=code)))
                for i, code in enumerate(several)}
    found = responses.order_by().aggregate(total=Count("pk"), **answered)
    counts = Counts(respondents=found["total"])
    answers = answers.order_by()
    numbers = {}
    for row in answers.values("code", "row", "choice").annotate(n=Count("id"), nc=Count("number"),
                                                                 ns=Sum("number")):
        code, key = row["code"], (row["code"], row["row"])
        if row["choice"]:
            counts.cells[(code, row["row"], row["choice"])] = row["n"]
        if kinds.get(code) != Kind.MULTIPLE:  # one row per person (and matrix row, ranked item)
            counts.cells[(*key, ANSWERED)] = counts.cells.get((*key, ANSWERED), 0) + row["n"]
        if row["nc"]:
            count, total = numbers.get(key, (0, 0))
            numbers[key] = (count + row["nc"], total + row["ns"])
    counts.numbers = numbers
    for i, code in enumerate(several):
        counts.cells[(code, "", ANSWERED)] = found[f"c{i}"]
    medians_for = [code for code, kind in kinds.items() if kind == Kind.NUMBER]
    if medians_for:
        counts.medians = _medians(answers, medians_for, counts)
    return counts


def _medians(answers, codes, counts):
    numbers = answers.filter(code__in=list(codes), row="", number__isnull=False)
    if connections[answers.db].vendor == "postgresql":
        return {(row["code"], ""): _decimal(row["m"])
                for row in numbers.values("code").annotate(m=_Median("number"))}
    medians = {}
    for code in codes:
        n = counts.numbers.get((code, ""), (0, 0))[0]
        if not n:
            continue
        middle = list(numbers.filter(code=code).order_by("number").values_list("number", flat=True)
                      [(n - 1) // 2: n // 2 + 1])
        medians[(code, "")] = sum(middle) / len(middle)
    return medians


def _decimal(value):
    return None if value is None else Decimal(str(value))


def median_of_counts(pairs):
    """The median of a distribution given as [(value, count)] (a scale's points)."""
    pairs = sorted((v, c) for v, c in pairs if c > 0 and v is not None)
    n = sum(c for _, c in pairs)
    if not n:
        return None
    wanted = ((n - 1) // 2, n // 2)  # the 0-based positions of the middle one or two
    found, seen = [], 0
    for value, count in pairs:
        for position in wanted:
            if seen <= position < seen + count:
                found.append(value)
        seen += count
    return Decimal(sum(found)) / len(found)


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0


@dataclass
class Bar:
    code: str
    label: str
    count: int
    of_answered: float  # % of those who answered the question (row)
    of_all: float  # % of every respondent counted


@dataclass
class MatrixRow:
    code: str
    label: str
    answered: int
    cells: list  # [Bar] in column order
    mean: object = None
    median: object = None


@dataclass
class Ranked:
    code: str
    label: str
    ranked: int  # how many ranked it
    average: object  # its average rank (1 = first)


@dataclass
class Summary:
    code: str
    kind: str
    answered: int
    respondents: int
    bars: list = field(default_factory=list)  # choices, scale points
    mean: object = None
    median: object = None
    columns: list = field(default_factory=list)  # matrix: column labels
    rows: list = field(default_factory=list)  # matrix: [MatrixRow]
    ranking: list = field(default_factory=list)  # [Ranked], best average first
    other: int = 0  # "Other" answers written in

    @property
    def answered_percent(self):
        return percent(self.answered, self.respondents)

    @property
    def is_text(self):
        return spec(self.kind).text


def _mean(numbers):
    count, total = numbers
    return (Decimal(total) / count).quantize(Decimal("0.01")) if count else None


def _bars(code, row, choices, counts, answered):
    bars = []
    for option in choices:
        n = counts.get(code, row, option.code)
        bars.append(Bar(option.code, option.label, n, percent(n, answered), percent(n, counts.respondents)))
    return bars


def summarise(question, options, counts):
    """One question's summary from Counts. `options`: the question's Option rows (every role),
    in their order; codes answered that no longer have an option are left out (a question's
    options are edited only in a draft, so that happens only across versions)."""
    code, kind = question.code, question.kind
    answered = counts.get(code)
    summary = Summary(code=code, kind=kind, answered=answered, respondents=counts.respondents)
    choices = [o for o in options if o.role == "option"]
    if kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.DROPDOWN, Kind.SCALE):
        summary.bars = _bars(code, "", choices, counts, answered)
        summary.other = counts.get(code, "", OTHER)
        if summary.other:
            summary.bars.append(Bar(OTHER, "Other", summary.other, percent(summary.other, answered),
                                    percent(summary.other, counts.respondents)))
    if kind == Kind.SCALE:
        summary.mean = _mean(counts.numbers.get((code, ""), (0, 0)))
        summary.median = median_of_counts((o.value, counts.get(code, "", o.code)) for o in choices)
    elif kind == Kind.NUMBER:
        summary.mean = _mean(counts.numbers.get((code, ""), (0, 0)))
        summary.median = counts.medians.get((code, ""))
    elif kind == Kind.MATRIX:
        columns = [o for o in options if o.role == "column"]
        summary.columns = [c.label for c in columns]
        for row in (o for o in options if o.role == "row"):
            row_answered = counts.get(code, row.code)
            summary.rows.append(MatrixRow(
                row.code, row.label, row_answered, _bars(code, row.code, columns, counts, row_answered),
                mean=_mean(counts.numbers.get((code, row.code), (0, 0))),
                median=median_of_counts((c.value, counts.get(code, row.code, c.code)) for c in columns),
            ))
    elif kind == Kind.RANKING:
        for item in choices:
            numbers = counts.numbers.get((code, item.code), (0, 0))
            summary.ranking.append(Ranked(item.code, item.label, counts.get(code, item.code), _mean(numbers)))
        summary.ranking.sort(key=lambda r: (r.average is None, r.average or 0))
    return summary
