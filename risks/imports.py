"""Importing risks from a spreadsheet (XLSX or CSV), in two steps: a dry run that writes nothing,
then, once the keeper confirms, everything valid applied in one transaction.

    sheet = read_rows(upload)          # .rows: [[cell, ...], ...], the headings first; or ValidationError
    plan = build_plan(register, sheet.rows, epoch=sheet.epoch)
        # new, updated (field: before → after), unchanged, invalid (row number and reason) and
        # conflicting rows: nothing written
    result = apply_plan(actor=..., register=..., plan=plan)   # one transaction; rows changed meanwhile skipped

The file is checked by its content (workspaces.lib.files): an XLSX is opened only through
workspaces.lib.archives.open_archive (bounded: no zip bombs), its XML parts refused if they carry
a DTD or entities, and read with lxml without resolving anything; a CSV goes through read_text
(UTF-8 or UTF-16, no NULs). Columns are found by their headings (TEMPLATE_COLUMNS, in any order;
unknown ones are ignored and named). A plan is plain JSON, kept in the session between the steps.

A row with a blank Reference adds a risk; "R-12" updates risk 12 of the register: each column in
the sheet sets that field (a blank cell clears it), a column not in the sheet leaves it alone."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from lxml import etree

from workspaces.kit.forms import SpecificErrorsMixin
from workspaces.kit.selectors import members_by_email
from workspaces.kit.services import ChangedMeanwhile, audit, record
from workspaces.lib.archives import ArchiveRefused, ArchiveUnreadable, open_archive
from workspaces.lib.files import OLE, TEXT, XLSX, ContentRefused, detect, extension, read_text, safe_name
from workspaces.lib.forms import one_line

from . import services
from .models import MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, Proximity, Response, Risk, Status, VersionKind
from .policies import HIDDEN_STATUSES

MAX_ROWS = 2000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PART_BYTES = 40 * 1024 * 1024  # an XML part of the workbook, unpacked
MAX_COLUMNS = 60
MAX_TRIGGER_LENGTH = 500
MAX_OWNERS = 200  # different owners named in one file

# (heading, key): the template's columns, in its order.
TEMPLATE_COLUMNS = [
    ("Reference", "reference"), ("Title", "title"), ("Cause", "cause"), ("Event", "event"), ("Effect", "impact"),
    ("Trigger", "trigger"), ("Category", "category"), ("Owner", "owner"), ("Proximity", "proximity"),
    ("Status", "status"), ("Response", "response"),
    ("Inherent likelihood", "inherent_likelihood"), ("Inherent impact", "inherent_impact"),
    ("Current likelihood", "current_likelihood"), ("Current impact", "current_impact"),
    ("Target likelihood", "target_likelihood"), ("Target impact", "target_impact"),
    ("Review by", "review_by"),
]
HEADINGS = {heading.lower(): key for heading, key in TEMPLATE_COLUMNS}
HEADINGS.update({"ref": "reference", "impact description": "impact", "owner email": "owner",
                 "review by date": "review_by", "review date": "review_by"})
LABELS = {key: heading for heading, key in TEMPLATE_COLUMNS}
SCORE_KEYS = [key for _heading, key in TEMPLATE_COLUMNS if key.endswith(("_likelihood", "_impact"))]
EXAMPLE_ROW = ["", "Key supplier fails to deliver the new case system", "A single supplier holds the contract",
               "The supplier misses the go-live date", "Go-live slips by six months; costs rise by £400k",
               "Supplier's monthly report shows the build behind plan", "Commercial", "owner@example.org",
               "near", "open", "treat", 4, 5, 3, 4, 2, 3]

_REFERENCE = re.compile(r"^\s*R\s*-?\s*(\d{1,9})\s*$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")

NOT_A_SHEET = ("“{name}” is not a file we can import. Choose an Excel workbook (.xlsx) or a CSV file, such as the "
               "template.")
OLD_EXCEL = ("“{name}” is an older Excel file (.xls). Open it in Excel, save it as an Excel workbook (.xlsx), and "
             "choose that.")
UNREADABLE = ("We could not read “{name}” as an Excel workbook: it may be damaged. Save it again from Excel and "
              "choose it.")
ENTITIES = ("“{name}” contains XML declarations (a DTD or entities) that workbooks never need, so we do not open it. "
            "Save it again from Excel and choose that file.")
WRONG_HEADINGS = ("The first row must hold the template's column headings (Reference, Title, Cause, Event, Effect, "
                  "...): no “Title” or “Reference” column was found. Download the template and copy your rows into it.")
TOO_MANY_ROWS = "The file has {n:,} rows; at most {limit:,} can be imported at once. Split it into smaller files."
EMPTY = "The file has no rows under its headings."


EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (its 1900 system, leap-year bug included)


@dataclass
class Sheet:
    rows: list  # the headings first
    epoch: date = EXCEL_EPOCH  # a workbook in the 1904 date system counts its dates from 1904


def refuse(message, **names):
    raise ValidationError({"file": message.format(**names)})


# --- Reading the file ---------------------------------------------------------------------------


class ImportForm(SpecificErrorsMixin, forms.Form):
    """The upload: the file is read (and so checked by its content) as it is cleaned;
    form.sheet is then its Sheet."""

    file = forms.FileField(label="Spreadsheet", help_text="An Excel workbook (.xlsx) or a CSV file, in the "
                                                          "template's columns, with at most 2,000 rows.",
                           error_messages={"required": "Choose a file to import."})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.sheet = read_rows(upload)
        except ValidationError as error:
            raise ValidationError(error.message_dict.get("file", error.messages)) from None
        return upload


def read_rows(upload):
    """The rows of an uploaded XLSX or CSV file (the first row its headings), each a list of
    cells (str, int, float, date or None); ValidationError({"file": ...}) saying what is wrong."""
    if upload is None:
        refuse("Choose a file to import.")
    name = safe_name(upload.name, default="file")
    if upload.size == 0:
        refuse("The file you chose is empty. Check it is the right file, and choose it again.")
    try:
        found = detect(upload)
    except ContentRefused as refused:
        refuse("“{name}” {why}.", name=name, why=str(refused))
    epoch = EXCEL_EPOCH
    if found is XLSX:
        rows, epoch = _xlsx_rows(upload, name)
    elif (found is TEXT and extension(name) not in ("xlsx", "xls")) or (
            found is None and extension(name) in ("csv", "tsv", "txt")):
        rows = _csv_rows(upload)  # read_text says why a "CSV" that is not text is refused (NULs)
    elif found is OLE:
        refuse(OLD_EXCEL, name=name)
    else:
        refuse(NOT_A_SHEET, name=name)
    while rows and not any(_present(cell) for cell in rows[-1]):
        rows.pop()
    return Sheet(rows=rows, epoch=epoch)


def _present(cell):
    return cell is not None and (not isinstance(cell, str) or cell.strip() != "")


def _csv_rows(upload):
    try:
        text = read_text(upload, max_bytes=MAX_UPLOAD_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    sample = text[:4096]
    delimiter = ","
    first = sample.split("\n", 1)[0]
    if first.count(";") > first.count(",") and first.count(";") > first.count("\t"):
        delimiter = ";"  # Excel's CSV where the decimal separator is a comma
    elif first.count("\t") > first.count(","):
        delimiter = "\t"
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error:
        refuse("The CSV file could not be read (a quote is not closed?). Save it again as “CSV UTF-8” and choose it.")
    return rows


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True)


def _xml(archive, part, name):
    data = archive.read(part, max_bytes=MAX_PART_BYTES)
    if _DTD.search(data[:4096]) or _DTD.search(data):
        refuse(ENTITIES, name=name)
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        refuse(UNREADABLE, name=name)


def _first_sheet(archive, name):
    """The path of the workbook's first sheet (from workbook.xml and its relationships)."""
    default = "xl/worksheets/sheet1.xml"
    if "xl/workbook.xml" not in archive.names:
        refuse(UNREADABLE, name=name)
    workbook = _xml(archive, "xl/workbook.xml", name)
    sheet = workbook.find(f"{_NS}sheets/{_NS}sheet")
    rels_part = "xl/_rels/workbook.xml.rels"
    if sheet is None or rels_part not in archive.names:
        return default, workbook
    rel_id = sheet.get(f"{_REL_NS}id")
    for rel in _xml(archive, rels_part, name).iter(f"{_PKG_REL_NS}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            if rel.get("TargetMode", "").lower() == "external":
                refuse(UNREADABLE, name=name)
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return re.sub(r"[^/]+/\.\./", "", path), workbook
    return default, workbook


def _shared_strings(archive, name):
    if "xl/sharedStrings.xml" not in archive.names:
        return []
    root = _xml(archive, "xl/sharedStrings.xml", name)
    return ["".join(t.text or "" for t in item.iter(f"{_NS}t") if t.getparent().tag != f"{_NS}rPh")
            for item in root.iter(f"{_NS}si")]


_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _column_index(ref, fallback):
    match = _CELL_REF.match(ref or "")
    if not match:
        return fallback
    number = 0
    for letter in match.group(1):
        number = number * 26 + ord(letter) - 64
    return number - 1


def _xlsx_rows(upload, name):
    try:
        with open_archive(upload) as archive:
            sheet_part, workbook = _first_sheet(archive, name)
            if sheet_part not in archive.names:
                refuse(UNREADABLE, name=name)
            props = workbook.find(f"{_NS}workbookPr")
            epoch = date(1904, 1, 1) if props is not None and props.get("date1904") in ("1", "true") else date(
                1899, 12, 30)
            strings = _shared_strings(archive, name)
            sheet = _xml(archive, sheet_part, name)
    except ArchiveRefused as refused:
        refuse("“{name}” {why}.", name=name, why=str(refused))
    except ArchiveUnreadable:
        refuse(UNREADABLE, name=name)
    finally:
        upload.seek(0)
    rows = []
    data = sheet.find(f"{_NS}sheetData")
    if data is None:
        return rows, epoch
    for row in data.iter(f"{_NS}row"):
        try:
            at = int(row.get("r") or len(rows) + 1)
        except ValueError:
            at = len(rows) + 1
        if at > MAX_ROWS + 1:
            rows.extend([[]] * (at - len(rows)))
            break
        while len(rows) < at - 1:
            rows.append([])  # rows the sheet leaves out are empty
        cells = []
        for n, cell in enumerate(row.iter(f"{_NS}c")):
            column = _column_index(cell.get("r"), n)
            if column >= MAX_COLUMNS:
                continue
            while len(cells) < column:
                cells.append(None)
            cells.append(_cell_value(cell, strings))
        rows.append(cells)
    return rows, epoch


def _cell_value(cell, strings):
    kind = cell.get("t", "n")
    value = cell.find(f"{_NS}v")
    text = value.text if value is not None else None
    if kind == "inlineStr":
        inline = cell.find(f"{_NS}is")
        return "".join(t.text or "" for t in inline.iter(f"{_NS}t")) if inline is not None else ""
    if text is None:
        return None
    if kind == "s":
        try:
            return strings[int(text)]
        except (ValueError, IndexError):
            return ""
    if kind in ("str", "e"):
        return text if kind == "str" else ""
    if kind == "b":
        return text == "1"
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def excel_serial_date(number, epoch=EXCEL_EPOCH):
    """A day count as Excel keeps dates (1 January 1900 is 1; the 1904 system counts from 1904)."""
    if not 1 <= number <= 2958465:
        raise ValueError(number)
    return epoch + timedelta(days=int(number))


# --- The plan (the dry run) --------------------------------------------------------------------


@dataclass
class Plan:
    """The dry run's answer, JSON-ready (to_json/from_json) for the session."""

    columns: list  # the keys found, in the sheet's order
    ignored: list = field(default_factory=list)  # headings not recognised
    new: list = field(default_factory=list)  # {"row", "values"}
    # {"row", "number", "version", "title", "values", "changes": [[label, before, after], ...]}
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)  # {"row", "reference"}
    invalid: list = field(default_factory=list)  # {"row", "reasons": [...]}
    conflicts: list = field(default_factory=list)  # {"row", "reason"}

    @property
    def to_apply(self):
        return len(self.new) + len(self.updated)

    def to_json(self):
        return {"columns": self.columns, "ignored": self.ignored, "new": self.new, "updated": self.updated,
                "unchanged": self.unchanged, "invalid": self.invalid, "conflicts": self.conflicts}

    @classmethod
    def from_json(cls, data):
        return cls(**{key: data.get(key, []) for key in ("columns", "ignored", "new", "updated", "unchanged",
                                                          "invalid", "conflicts")})


def _text(cell):
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        return cell.isoformat()
    return _CONTROL.sub("", str(cell)).replace("\r\n", "\n").replace("\r", "\n").strip()


def _columns(headings):
    keys, ignored, seen = [], [], set()
    for heading in headings:
        label = " ".join(_text(heading).lower().replace("_", " ").split()).rstrip(":*")
        key = HEADINGS.get(label)
        if key is None or key in seen:
            keys.append(None)
            if label:
                ignored.append(_text(heading)[:80])
            continue
        seen.add(key)
        keys.append(key)
    return keys, ignored


def _choice(value, choices, what, row_errors):
    """A choice by its value or its label ("near", "Within 6 months"), or "" for blank."""
    text = value.lower()
    if not text:
        return ""
    for key, label in choices:
        if text in (key, label.lower()) or label.lower().startswith(text + " "):
            return key
    allowed = ", ".join(key for key, _label in choices)
    row_errors.append(f"{what} must be one of {allowed} (not “{value[:40]}”)")
    return ""


def _score(value, what, size, row_errors):
    if value is None or value == "":
        return None
    number = value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if isinstance(number, (int, float)) and not isinstance(number, bool) and float(number).is_integer() \
            and 1 <= number <= size:
        return int(number)
    row_errors.append(f"{what} must be 1–{size}")
    return None


def _date(value, epoch, row_errors):
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return excel_serial_date(value, epoch).isoformat()
        except (ValueError, OverflowError):
            row_errors.append(f"review by “{_text(value)[:20]}” is not a date")
            return None
    text = _text(value)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.split("T")[0].split(" 00:00")[0], pattern).date().isoformat()
        except ValueError:
            continue
    row_errors.append(f"review by “{text[:40]}” is not a date (write it as 2027-03-31 or 31/03/2027)")
    return None


def _owners(workspace, emails):
    """{email: user id} of the members among `emails` (one query when all are members)."""
    emails = sorted({e.lower() for e in emails if e})[:MAX_OWNERS]
    if not emails:
        return {}
    try:
        return {user.email.lower(): user.pk for user in members_by_email(workspace, emails, limit=MAX_OWNERS)}
    except ValidationError:
        found = {}
        for email in emails:
            try:
                found.update({user.email.lower(): user.pk for user in members_by_email(workspace, [email])})
            except ValidationError:
                continue
        return found


def build_plan(register, rows, *, epoch=EXCEL_EPOCH):
    """The dry run of `rows` (read_rows' answer) against `register`: nothing is written. Raises
    ValidationError({"file": ...}) when the file as a whole cannot be imported (no headings,
    too many rows)."""
    if not rows:
        refuse(EMPTY)
    keys, ignored = _columns(rows[0])
    if "title" not in keys and "reference" not in keys:
        refuse(WRONG_HEADINGS)
    body = rows[1:]
    while body and not any(_present(cell) for cell in body[-1]):
        body.pop()
    if len(body) > MAX_ROWS:
        refuse(TOO_MANY_ROWS, n=len(body), limit=MAX_ROWS)
    if not any(any(_present(cell) for cell in row) for row in body):
        refuse(EMPTY)
    plan = Plan(columns=[key for key in keys if key], ignored=ignored)
    matrix = register.matrix()
    categories = {c.name.lower(): c for c in register.categories.all()}
    records = []
    for offset, row in enumerate(body):
        if not any(_present(cell) for cell in row):
            continue
        cells = {key: row[n] if n < len(row) else None for n, key in enumerate(keys) if key}
        records.append((offset + 2, cells))
    owner_ids = _owners(register.workspace, [_text(cells.get("owner")).lower() for _row, cells in records
                                             if "owner" in cells and "@" in _text(cells.get("owner"))])
    numbers = {}
    for row_number, cells in records:
        match = _REFERENCE.match(_text(cells.get("reference")))
        if match:
            numbers.setdefault(int(match.group(1)), []).append(row_number)
    existing = {risk.number: risk for risk in Risk.objects.filter(register=register, number__in=list(numbers))
                .select_related("category", "owner")}
    for row_number, cells in records:
        errors = []
        reference = _text(cells.get("reference"))
        risk = None
        if reference:
            match = _REFERENCE.match(reference)
            if not match:
                errors.append(f"reference “{reference[:20]}” must look like R-12 (or be blank for a new risk)")
            else:
                number = int(match.group(1))
                if len(numbers[number]) > 1:
                    others = ", ".join(str(n) for n in numbers[number] if n != row_number)
                    plan.conflicts.append({"row": row_number, "reason": f"R-{number} appears again in row "
                                                                        f"{others}: neither row is imported"})
                    continue
                risk = existing.get(number)
                if risk is None:
                    errors.append(f"unknown reference R-{number} (no such risk in this register)")
                elif risk.status in HIDDEN_STATUSES:
                    errors.append(f"R-{number} is a suggestion ({risk.get_status_display().lower()}): triage it on "
                                  "its page instead")
        values = _row_values(cells, matrix, categories, owner_ids, epoch, errors, new=risk is None)
        if errors:
            plan.invalid.append({"row": row_number, "reasons": errors})
            continue
        if risk is None:
            plan.new.append({"row": row_number, "values": values})
            continue
        changes, changed_values = _changes(risk, values, categories, matrix)
        status_error = _status_error(risk, changed_values.get("status")) or _scores_error(risk, values, matrix)
        if status_error:
            plan.invalid.append({"row": row_number, "reasons": [status_error]})
        elif changes:
            plan.updated.append({"row": row_number, "number": risk.number, "version": risk.version,
                                 "title": risk.title, "values": changed_values, "changes": changes})
        else:
            plan.unchanged.append({"row": row_number, "reference": risk.reference, "title": risk.title})
    return plan


def _row_values(cells, matrix, categories, owner_ids, epoch, errors, *, new):
    """The row's values for the columns the sheet has (JSON-ready), or errors appended."""
    values = {}
    if "title" in cells:
        title = one_line(_text(cells["title"]))
        if not title:
            errors.append("give the risk a title")
        elif len(title) > MAX_TITLE_LENGTH:
            errors.append(f"the title is longer than {MAX_TITLE_LENGTH} characters")
        values["title"] = title
    elif new:
        errors.append("give the risk a title")
    for key in ("cause", "event", "impact"):
        if key in cells:
            text = _text(cells[key])
            if len(text) > MAX_TEXT_LENGTH:
                errors.append(f"{LABELS[key].lower()} is longer than {MAX_TEXT_LENGTH:,} characters")
            values[key] = text
    if "trigger" in cells:
        text = one_line(_text(cells["trigger"]))
        if len(text) > MAX_TRIGGER_LENGTH:
            errors.append(f"the trigger is longer than {MAX_TRIGGER_LENGTH} characters")
        values["trigger"] = text
    if "category" in cells:
        name = one_line(_text(cells["category"]))
        category = categories.get(name.lower()) if name else None
        if name and category is None:
            errors.append(f"unknown category “{name[:60]}” (this register's are: "
                          f"{', '.join(c.name for c in categories.values())})")
        values["category"] = category.pk if category else None
    if "owner" in cells:
        email = _text(cells["owner"]).lower()
        if email and email not in owner_ids:
            errors.append(f"unknown owner “{email[:80]}” (give the email address of a member of this workspace)")
        values["owner"] = owner_ids.get(email) if email else None
    if "proximity" in cells:
        values["proximity"] = _choice(_text(cells["proximity"]), Proximity.choices, "proximity", errors)
    if "response" in cells:
        values["response"] = _choice(_text(cells["response"]), Response.choices, "response", errors)
    if "status" in cells:
        status = _choice(_text(cells["status"]), [(s.value, s.label) for s in (Status.OPEN, Status.MITIGATING,
                                                                                Status.CLOSED)], "status", errors)
        values["status"] = status or Status.OPEN.value
    elif new:
        values["status"] = Status.OPEN.value
    for key in SCORE_KEYS:
        if key in cells:
            values[key] = _score(cells[key], LABELS[key].lower(), matrix.size, errors)
    for name in ("inherent", "current", "target"):
        pair = [values.get(f"{name}_likelihood"), values.get(f"{name}_impact")]
        given = [f"{name}_{part}" in cells for part in ("likelihood", "impact")]
        if any(given) and not all(given):
            errors.append(f"the sheet needs both {name} likelihood and {name} impact columns")
        elif all(given) and (pair[0] is None) != (pair[1] is None) and not any(
                e.startswith(name) for e in errors):
            errors.append(f"give both the {name} likelihood and the {name} impact, or neither")
    if new:
        for name in ("inherent", "current"):
            if values.get(f"{name}_likelihood") is None and not any(e.startswith(name) for e in errors):
                errors.append(f"give the {name} likelihood and impact (1–{matrix.size})")
    if "review_by" in cells:
        values["review_by"] = _date(cells["review_by"], epoch, errors)
    return values


def _shown(key, value, categories_by_pk, owners):
    if value in (None, ""):
        return "—"
    if key == "category":
        return categories_by_pk.get(value, "?")
    if key == "owner":
        return owners.get(value, "?")
    if key == "status":
        return Status(value).label
    if key == "proximity":
        return Proximity(value).label
    if key == "response":
        return Response(value).label
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"


def _current(risk, key):
    if key in ("category", "owner"):
        return getattr(risk, f"{key}_id")
    value = getattr(risk, key)
    if key == "review_by":
        return value.isoformat() if value else None
    return value


def _changes(risk, values, categories, matrix):
    categories_by_pk = {c.pk: c.name for c in categories.values()}
    owners = {risk.owner_id: risk.owner.email} if risk.owner_id else {}
    changes, changed = [], {}
    for key, after in values.items():
        before = _current(risk, key)
        if (before or None) == (after or None):
            continue
        changed[key] = after
        if key == "owner" and after:
            owners.setdefault(after, _owner_email(after))
        changes.append([LABELS[key], _shown(key, before, categories_by_pk, owners),
                        _shown(key, after, categories_by_pk, owners)])
    return changes, changed


def _owner_email(pk):
    user_model = Risk._meta.get_field("owner").related_model
    return user_model.objects.filter(pk=pk).values_list("email", flat=True).first() or "?"


def merged_scores(risk, values):
    """The three scores after the row: the sheet's values, the risk's own for columns not in it."""
    return {name: tuple(values.get(f"{name}_{part}", getattr(risk, f"{name}_{part}"))
                        for part in ("likelihood", "impact")) for name in ("inherent", "current", "target")}


def _scores_error(risk, values, matrix):
    if not any(key in values for key in SCORE_KEYS):
        return ""
    try:
        services.check_scores(matrix, merged_scores(risk, values))
    except ValidationError as error:
        return f"R-{risk.number}: " + "; ".join(error.messages).lower().rstrip(".")
    return ""


def _status_error(risk, status):
    if not status or status == risk.status:
        return ""
    if (risk.status, status) not in services.TRANSITIONS:
        return (f"R-{risk.number} is {risk.get_status_display().lower()} and cannot be moved to "
                f"{Status(status).label.lower()}")
    if services.TRANSITIONS[(risk.status, status)]:
        return f"R-{risk.number} is closed: reopen it on its page, with a reason"
    return ""


# --- Applying it ---------------------------------------------------------------------------------


@dataclass
class Applied:
    added: int = 0
    updated: int = 0
    skipped: list = field(default_factory=list)  # {"row", "reason"}: changed since the preview


def _service_kwargs(register, values):
    details, scores = {}, {}
    categories = {c.pk: c for c in register.categories.all()}
    user_model = Risk._meta.get_field("owner").related_model
    for key, value in values.items():
        if key == "category":
            details["category"] = categories.get(value)
        elif key == "owner":
            details["owner"] = user_model.objects.filter(pk=value).first() if value else None
        elif key == "review_by":
            details["review_by"] = date.fromisoformat(value) if value else None
        elif key in SCORE_KEYS or key == "status":
            continue
        else:
            details[key] = value
    for name in ("inherent", "current", "target"):
        if f"{name}_likelihood" in values:
            scores[name] = (values.get(f"{name}_likelihood"), values.get(f"{name}_impact"))
    return details, scores


@transaction.atomic
def apply_plan(*, actor, register, plan, file_name="", digest=""):
    """Write the plan's new and updated rows in one transaction, each through risks.services
    (kind IMPORTED); a risk changed since the preview is skipped and listed. One activity
    (risks.risks_imported) and one audit entry for the whole import."""
    result = Applied()
    for entry in plan.updated:
        risk = Risk.objects.filter(register=register, number=entry["number"]).first()
        if risk is None or risk.status in HIDDEN_STATUSES:
            result.skipped.append({"row": entry["row"], "reason": f"R-{entry['number']} is no longer in the register"})
            continue
        details, scores = _service_kwargs(register, entry["values"])
        if scores:
            scores = merged_scores(risk, entry["values"])
        status = entry["values"].get("status")
        try:
            with transaction.atomic():
                saved = services.risk_update(actor=actor, risk=risk, base_version=entry["version"],
                                             scores=scores or None, kind=VersionKind.IMPORTED,
                                             note="Imported from a spreadsheet", **details)
                if status and status != saved.status:
                    services.move(actor=actor, risk=saved, to=status)
        except ChangedMeanwhile:
            result.skipped.append({"row": entry["row"], "reason": f"R-{entry['number']} was changed by someone else "
                                                                  "after the preview"})
            continue
        except ValidationError as error:
            result.skipped.append({"row": entry["row"], "reason": "; ".join(error.messages)})
            continue
        result.updated += 1
    for entry in plan.new:
        details, scores = _service_kwargs(register, entry["values"])
        try:
            with transaction.atomic():
                services.risk_create(actor=actor, register=register, scores=scores,
                                     status=entry["values"].get("status") or Status.OPEN, kind=VersionKind.IMPORTED,
                                     note="Imported from a spreadsheet", announce=False, **details)
        except ValidationError as error:
            result.skipped.append({"row": entry["row"], "reason": "; ".join(error.messages)})
            continue
        result.added += 1
    summary = f"imported {result.added} new and {result.updated} updated risks"
    record(workspace=register.workspace, actor=actor, verb="risks.risks_imported", target=register, summary=summary)
    audit(actor=actor, action="risks.risks_imported", workspace=register.workspace, target=register,
          after={"file": file_name[:150], "sha256": digest, "added": result.added, "updated": result.updated,
                 "skipped": len(result.skipped), "invalid": len(plan.invalid), "conflicts": len(plan.conflicts),
                 "at": timezone.now().isoformat()})
    return result
