"""Reading a licence CSV upload: a header naming the columns (email, name, workspace, role),
then one person per line. Each line is read on its own, so line numbers are exact and a broken
line spoils only itself; `;` and tab separators work too (spreadsheet exports)."""

import csv
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from ..services.invitations import MAX_EMAIL_LENGTH, ROLE_NAMES
from .services import LicenceError

COLUMNS = ["email", "name", "workspace", "role"]
COLUMN_ALIASES = {
    "email": "email", "e-mail": "email", "email address": "email", "e-mail address": "email",
    "name": "name", "full name": "name", "display name": "name",
    "workspace": "workspace", "workspace slug": "workspace",
    "role": "role",
}


@dataclass
class Line:
    number: int
    text: str
    email: str = ""
    name: str = ""
    workspace_slug: str = ""
    role: object = None
    workspace: object = None
    user: object = None
    error: str = ""  # why this line was not used; empty when it went through
    notes: list = field(default_factory=list)  # what was done, when it went through
    licensed: bool = False
    first: object = None  # the earlier line for the same address, if any

    @property
    def ok(self):
        return not self.error

    @property
    def outcome(self):
        return self.error or " ".join(self.notes)


@dataclass
class Report:
    lines: list = field(default_factory=list)
    licensed: int = 0
    invited: int = 0
    released: int = 0

    @property
    def problems(self):
        return [line for line in self.lines if not line.ok]

    @property
    def done(self):
        return [line for line in self.lines if line.ok]


def cells_of(raw):
    delimiter = ","
    if "," not in raw:
        delimiter = ";" if ";" in raw else ("\t" if "\t" in raw else ",")
    try:
        return [c.strip() for c in next(csv.reader([raw], delimiter=delimiter), [])]
    except csv.Error:
        return None


def read_header(cells):
    """Column names from a header row, or raise LicenceError naming the unknown ones."""
    names = [c.strip().lower() for c in cells]
    unknown = [c for c in cells if c.strip().lower() not in COLUMN_ALIASES]
    if unknown:
        listed = ", ".join(f"“{c[:40]}”" for c in unknown[:10])
        raise LicenceError(
            f"Unknown column{'s' if len(unknown) > 1 else ''} {listed} in the first line. "
            f"Use these column names: {', '.join(COLUMNS)} (only email is required)."
        )
    columns = [COLUMN_ALIASES[n] for n in names]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise LicenceError(f"The column {', '.join(repeated)} appears more than once in the first line.")
    if "email" not in columns:
        raise LicenceError("The first line names no email column. Use these column names: " + ", ".join(COLUMNS) + ".")
    return columns


def parse(text):
    """Lines of the file with their fields read and checked. The first line is a header naming
    the columns; a file whose first line is already an address uses email,name,workspace,role."""
    raw_lines = [(n, raw.strip()) for n, raw in enumerate(text.splitlines(), start=1)]
    raw_lines = [(n, raw) for n, raw in raw_lines if raw and any(cells_of(raw) or [raw])]
    if not raw_lines:
        raise LicenceError("The file has no lines.")
    first = cells_of(raw_lines[0][1]) or []
    if first and "@" in first[0]:
        columns = COLUMNS
    else:
        columns = read_header(first)
        raw_lines = raw_lines[1:]
    limit = settings.ENGAGE_LICENCE_BULK_LIMIT
    if len(raw_lines) > limit:
        raise LicenceError(f"The file has {len(raw_lines):,} lines; at most {limit:,} can be used at once. "
                           "Split it into smaller files.")
    lines = []
    for number, raw in raw_lines:
        line = Line(number=number, text=raw[:200])
        lines.append(line)
        cells = cells_of(raw)
        if cells is None:
            line.error = "This line could not be read as CSV (check its quotes)."
            continue
        if len(cells) > len(columns):
            line.error = f"This line has {len(cells)} cells; the columns are {', '.join(columns)}."
            continue
        values = dict(zip(columns, cells, strict=False))  # a line may leave the last cells out
        line.email = values.get("email", "").lower()
        line.name = values.get("name", "")[:150]
        line.workspace_slug = values.get("workspace", "")
        role = values.get("role", "")
        try:
            if not line.email:
                raise ValidationError("empty")
            if len(line.email) > MAX_EMAIL_LENGTH:
                raise ValidationError("too long")
            validate_email(line.email)
        except ValidationError:
            line.error = "No valid email address." if line.email else "The email cell is empty."
            continue
        if role:
            line.role = ROLE_NAMES.get(role.lower())
            if line.role is None:
                line.error = f"Unknown role “{role[:40]}”: use reader, contributor or manager."
                continue
            if not line.workspace_slug:
                line.error = "A role was given but no workspace to give it in."
                continue
    return lines
