"""A survey's responses as a table (one row per response) and its codebook.

Columns are planned once from every published version's questions, lined up by code, so that a
question asked only in v2 has its column, empty for v1 rows. Answers are stored as rows
(kit.questions' storage contract) and pivoted into columns here, a chunk of responses at a time:
one query for the chunk's responses (keyset over ids), one for their answers. Memory stays flat
whatever the number of responses.

    plan = plan_columns(survey)
    rows = response_rows(survey, plan, status="complete", headings="codes", values="labels",
                         with_email=False)     # header first, then one tuple per response
"""

from dataclasses import dataclass, field

from django.db.models import Case, Max, Q, Value, When

from workspaces.kit.questions.kinds import OTHER, Kind
from workspaces.kit.questions.logic import describe

from .models import Answer, Option, Question, Response, ResponseStatus

CHUNK = 2000  # responses per pair of queries

STATUSES = {"complete": (ResponseStatus.SUBMITTED,), "partial": (ResponseStatus.IN_PROGRESS,),
            "all": (ResponseStatus.SUBMITTED, ResponseStatus.IN_PROGRESS)}
STATUS_WORDS = {ResponseStatus.SUBMITTED: "complete", ResponseStatus.IN_PROGRESS: "partial"}

# One value per answer, in one column: the kinds whose answer is a single row.
SINGLE_COLUMN = {Kind.SHORT_TEXT, Kind.LONG_TEXT, Kind.EMAIL, Kind.NUMBER, Kind.DATE, Kind.SINGLE, Kind.DROPDOWN,
                 Kind.SCALE}
CHOICE_KINDS = {Kind.SINGLE, Kind.DROPDOWN, Kind.SCALE}


@dataclass
class Planned:
    """One question as exported: the latest version's wording, the options of every version."""

    code: str
    kind: str
    text: str
    question: object  # the latest version's Question (options prefetched), for the codebook
    versions: list = field(default_factory=list)  # version numbers it appears in
    options: dict = field(default_factory=dict)  # option code -> label (role option or column)
    rows: dict = field(default_factory=dict)  # matrix row code -> label
    other: bool = False


@dataclass
class Plan:
    questions: list  # [Planned] in column order
    columns: list  # [(heading code, heading text)] of the answer columns
    # code -> (kind, first column index, {row or choice: column index}, other column index or None)
    slots: dict


def _number(value):
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def plan_columns(survey):
    """The export's answer columns: every question of every published version, by code, in the
    latest version's order; a question dropped since stays where its version had it."""
    questions = list(
        Question.objects.filter(version__survey=survey, version__published_at__isnull=False)
        .select_related("version").prefetch_related("options")
        .order_by("-version__number", "page__position", "position", "id")
    )
    planned = {}
    order = []
    previous = None  # the code before this one in its version
    for question in questions:
        mine = question.options.all()
        entry = planned.get(question.code)
        if entry is None:
            entry = planned[question.code] = Planned(code=question.code, kind=question.kind, text=question.text,
                                                     question=question)
            # A code dropped since goes where its version had it: after the code it followed.
            same_version = previous is not None and previous.version_id == question.version_id
            order.insert(order.index(previous.code) + 1 if same_version else 0, question.code)
        previous = question
        entry.versions.append(question.version.number)
        entry.other = entry.other or question.allow_other
        for option in mine:
            target = entry.rows if option.role == Option.Role.ROW else entry.options
            target.setdefault(option.code, option.label)
    # Latest version first above: an option's label is its latest one.
    planned_list = [planned[code] for code in order]
    for entry in planned_list:
        entry.versions.sort()
    columns, slots = [], {}
    for entry in planned_list:
        first = len(columns)
        kind = entry.kind
        parts = {}
        other = None
        if kind in SINGLE_COLUMN:
            columns.append((entry.code, entry.text))
        elif kind == Kind.MULTIPLE:
            for code, label in entry.options.items():
                parts[code] = len(columns)
                columns.append((f"{entry.code}_{code}", f"{entry.text} – {label}"))
        elif kind in (Kind.MATRIX, Kind.RANKING):
            items = entry.rows if kind == Kind.MATRIX else entry.options
            for code, label in items.items():
                parts[code] = len(columns)
                columns.append((f"{entry.code}_{code}", f"{entry.text} – {label}"))
        if entry.other and kind in (Kind.SINGLE, Kind.DROPDOWN, Kind.MULTIPLE):
            other = len(columns)
            columns.append((f"{entry.code}_{OTHER}", f"{entry.text} – Other (please specify)"))
        slots[entry.code] = (kind, first, parts, other)
    return Plan(questions=planned_list, columns=columns, slots=slots)


def fixed_columns(survey, *, with_email):
    columns = [("response", "Response"), ("status", "Status"), ("version", "Version"), ("channel", "Channel"),
               ("source", "Source"), ("started", "Started"), ("submitted", "Submitted")]
    if not survey.anonymous:
        columns.append(("respondent", "Respondent"))
        if with_email:
            columns.append(("email", "Email"))
    return columns


def header(survey, plan, *, headings="codes", with_email=False):
    index = 0 if headings == "codes" else 1
    return tuple(column[index] for column in fixed_columns(survey, with_email=with_email) + plan.columns)


def _response_chunks(survey, statuses, *, identity, chunk):
    """The survey's responses in id order, `chunk` at a time: one query each (keyset on id)."""
    fields = ["id", "status", "version__number", "channel", "source", "started_at", "submitted_at"]
    if identity:
        fields += ["respondent__display_name", "respondent__email"]
    base = Response.objects.filter(survey=survey, status__in=statuses).order_by("id").values_list(*fields)
    after = 0
    while True:
        rows = list(base.filter(id__gt=after)[:chunk])
        if not rows:
            return
        yield rows
        if len(rows) < chunk:
            return
        after = rows[-1][0]


def _pivot(plan):
    """One aggregate per answer column, so that the database turns a chunk's answer rows into
    one row per response (GROUP BY response; FILTER (WHERE code = ...) on PostgreSQL), and a
    cleaner per column for what Python still does to the value: (annotations, cleaners)."""
    annotations, cleaners = {}, {}
    for entry in plan.questions:
        code = entry.code
        kind, first, parts, other = plan.slots[code]
        mine = Q(code=code)
        if kind in CHOICE_KINDS:
            annotations[first] = Max("choice", filter=mine)
            cleaners[first] = ("choice", code)
        elif kind == Kind.MULTIPLE:
            for option, index in parts.items():
                annotations[index] = Max(Case(When(choice=option, then=Value(1)), default=Value(0)), filter=mine)
        elif kind == Kind.MATRIX:
            for row, index in parts.items():
                annotations[index] = Max("choice", filter=mine & Q(row=row))
                cleaners[index] = ("choice", code)
        elif kind == Kind.RANKING:
            for item, index in parts.items():
                annotations[index] = Max("number", filter=mine & Q(row=item))
                cleaners[index] = ("number", code)
        elif kind == Kind.NUMBER:
            annotations[first] = Max("number", filter=mine)
            cleaners[first] = ("number", code)
        elif kind == Kind.DATE:
            annotations[first] = Max("date", filter=mine)
        else:
            annotations[first] = Max("text", filter=mine)
        if other is not None:
            annotations[other] = Max("text", filter=mine & Q(choice=OTHER))
    return {f"c{index}": aggregate for index, aggregate in annotations.items()}, cleaners


def response_rows(survey, plan, *, status="complete", headings="codes", values="codes", with_email=False,
                  chunk=None):
    """The header, then one tuple per response (id order). Two queries per `chunk` responses:
    the responses, then their answers pivoted into columns by the database."""
    identity = not survey.anonymous
    chunk = chunk or CHUNK
    yield header(survey, plan, headings=headings, with_email=with_email)
    fixed = len(fixed_columns(survey, with_email=with_email))
    width = fixed + len(plan.columns)
    by_labels = values != "codes"
    labels = {entry.code: {**entry.options, OTHER: "Other"} for entry in plan.questions} if by_labels else {}
    channels = dict(Response._meta.get_field("channel").choices) if by_labels else {}
    annotations, cleaners = _pivot(plan)
    indexes = [fixed + int(name[1:]) for name in annotations]
    # Python's share: a label for a code, an integer for a whole number.
    fixes = [(fixed + index, labels.get(code) if how == "choice" else None) for index, (how, code) in cleaners.items()
             if how == "number" or by_labels]
    blank = [None] * width
    pivoted = (Answer.objects.values("response_id").annotate(**annotations).order_by()
               .values_list("response_id", *annotations))
    for rows in _response_chunks(survey, STATUSES[status], identity=identity, chunk=chunk):
        cells = {}
        for row in rows:
            line = blank.copy()
            line[0:7] = (row[0], STATUS_WORDS.get(row[1], row[1]), row[2], channels.get(row[3], row[3]), row[4],
                         row[5], row[6])
            if identity:
                name, email = row[7], row[8]
                line[7] = name or (email.split("@")[0] if email else None)
                if with_email:
                    line[8] = email
            cells[row[0]] = line
        # The chunk's answers in one query: ids between the first and the last of the chunk, on
        # the (response, code) index; a response of another status in between is skipped.
        for answer in pivoted.filter(survey=survey, response_id__gte=rows[0][0], response_id__lte=rows[-1][0]):
            line = cells.get(answer[0])
            if line is None:
                continue
            for index, value in zip(indexes, answer[1:]):  # noqa: B905 (same length by construction)
                line[index] = value
            for index, label in fixes:
                value = line[index]
                if value is not None:
                    line[index] = label.get(value, value) if label is not None else _number(value)
        for row in rows:
            yield cells[row[0]]


# The codebook -------------------------------------------------------------------------------

CODEBOOK_HEADER = ("code", "question", "type", "columns", "options", "required", "show if", "versions")


def codebook_rows(plan):
    """One row per question: code, text, type, its columns in the export, options (code=label;
    …), required, its show-if rule in words, the versions it appears in."""
    yield CODEBOOK_HEADER
    by_code = {entry.code: entry.question for entry in plan.questions}
    columns = {}
    codes = [code for code, _ in plan.columns]
    for entry in plan.questions:
        kind, first, parts, other = plan.slots[entry.code]
        mine = [codes[i] for i in parts.values()] if parts else ([] if entry.kind not in SINGLE_COLUMN
                                                                   else [codes[first]])
        if other is not None:
            mine.append(codes[other])
        columns[entry.code] = mine
    for entry in plan.questions:
        question = entry.question
        options = "; ".join(f"{code}={label}" for code, label in entry.options.items())
        if entry.rows:
            options = "rows: " + "; ".join(f"{code}={label}" for code, label in entry.rows.items()) + \
                      " | columns: " + options
        if entry.other:
            options += f"; {OTHER}=Other (please specify)"
        yield (entry.code, entry.text, Kind(entry.kind).label, " ".join(columns[entry.code]), options,
               "yes" if question.required else "no", describe(question.rule, by_code),
               ", ".join(f"v{number}" for number in entry.versions))


__all__ = ["CHUNK", "STATUSES", "codebook_rows", "header", "plan_columns", "response_rows"]
