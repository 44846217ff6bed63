"""Streamed downloads of a table as CSV or XLSX, built from any iterable of rows (a header row,
then one per record: a queryset's iterator, a generator), so that an export of 200,000 rows never
holds them all in memory.

Cells may be str, int, float, Decimal, date, datetime, bool or None. Text that a spreadsheet
could run as a formula ("CSV injection", OWASP) is neutralised: text starting with =, +, -, @, a
tab or a carriage return, or with any of them after leading whitespace, gets a leading apostrophe
in CSV, and in XLSX is stored as text with Excel's own hidden apostrophe (quotePrefix), never as a
formula. In CSV, every field is also quoted (its quotes doubled), and inside a cell an apostrophe
goes after any separator (, ; tab or line break) that such a character follows: a spreadsheet
that splits the file on another separator than ours (Excel does on ";" where the decimal comma
is the custom) takes quotes only at the start of a field, so "a;=1+1" in a later field would
otherwise start a cell with a formula. Numbers, dates and booleans are not text and are written
as they are.

    return csv_response(rows, filename="people.csv")
    return xlsx_response(rows, filename="people.xlsx", sheet_title="People")

On PostgreSQL a table too big for Python to write quickly is written by the database itself:
its SELECT wraps each text column in sql_neutralised() (the same rule, in SQL) and constants in
sql_literal(); workspaces.kit.exports.copy_csv_chunks(header, sql, params) streams it.
"""

import contextlib
import csv
import io
import re
import tempfile
from datetime import UTC, date, datetime

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 2000  # CSV rows per chunk sent: a few thousand, not one write per row
FILE_CHUNK_BYTES = 64 * 1024
XLSX_MAX_TEXT = 32_767  # characters Excel keeps in one cell


def formula_like(text):
    """Whether a spreadsheet might take the text for a formula: it starts with one of
    FORMULA_STARTS, or has one after leading whitespace (some spreadsheets trim it)."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


# A separator a spreadsheet might split a line on, followed (after spaces or quotes) by a formula start.
_SPLIT_FORMULA = re.compile(r"""([,;\t\r\n])(?=[\s"]*[=+\-@])""")


def neutralised(text):
    """The text as a CSV cell no spreadsheet will run, however it splits the line: an apostrophe
    in front if it is formula_like, and after each separator that a formula start follows."""
    inside = _SPLIT_FORMULA.sub(r"\1'", text)
    return "'" + inside if formula_like(text) else inside


# neutralised() in SQL (PostgreSQL): an apostrophe after each separator a formula start follows,
# and in front of text that starts (or, after whitespace, starts) like a formula.
_SQL_SEPARATED = r"""regexp_replace({x}, '([,;\t\r\n])(?=[[:space:]"]*[=+@-])', '\1''', 'g')"""


def sql_neutralised(expression):
    """A text column's SQL expression, neutralised as neutralised() does in Python."""
    inside = _SQL_SEPARATED.format(x=expression)
    # Most text holds none of the characters at all: written as it is, after one cheap test.
    return (f"CASE WHEN {expression} !~ '[=+@\\t\\r-]' THEN {expression} "
            f"WHEN {expression} ~ '^[=+@\\t\\r-]' OR {expression} ~ '^[[:space:]]*[=+@-]' "
            f"THEN '''' || {inside} ELSE {inside} END")


def sql_literal(value):
    """A constant in such a statement (its parameters are passed separately: % doubled)."""
    return "'" + str(value).replace("'", "''").replace("%", "%%") + "'"


def _utc_naive(moment):
    # Spreadsheets have no time zones: aware times are given in UTC.
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return _utc_naive(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def csv_chunks(rows, *, bom=True, rows_per_chunk=ROWS_PER_CHUNK):
    """UTF-8 bytes of the rows as CSV, a chunk of rows at a time. With bom, the first chunk starts
    with a byte-order mark, so that Excel reads the file as UTF-8 rather than the PC's code page."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    if bom:
        buffer.write("\ufeff")
    for count, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(value) for value in row])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _xlsx_cell(sheet, value):
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_TEXT]  # control characters are not XML
        if not formula_like(text):
            return text
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
        cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell
        return cell
    if isinstance(value, datetime):
        return _utc_naive(value)
    return value


def _discard(sheet):
    """Close and remove the temporary file of a sheet that will not be saved (openpyxl removes it
    when it saves; otherwise only when the process ends)."""
    with contextlib.suppress(Exception):
        sheet.close()
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.cleanup()


def xlsx_chunks(rows, *, sheet_title="Sheet1", chunk_bytes=FILE_CHUNK_BYTES):
    """The bytes of an XLSX file of the rows, in chunks. openpyxl's write-only workbook writes each
    row out to a temporary file as it is appended (no row is kept), the finished workbook is saved
    to another, and that is read back a chunk at a time. An XLSX file is a zip whose parts are
    complete only at the end, so the first chunk comes once every row has been read."""
    with tempfile.TemporaryFile() as out:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=sheet_title[:31])
        try:
            for row in rows:
                sheet.append([_xlsx_cell(sheet, value) for value in row])
        except Exception:
            _discard(sheet)
            raise
        workbook.save(out)
        out.seek(0)
        while chunk := out.read(chunk_bytes):
            yield chunk


def attachment(chunks, *, filename, content_type):
    """A streamed download of these chunks: saved under filename, never cached or sniffed."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(rows, *, filename, bom=True):
    return attachment(csv_chunks(rows, bom=bom), filename=filename, content_type=CSV_CONTENT_TYPE)


def xlsx_response(rows, *, filename, sheet_title="Sheet1"):
    return attachment(xlsx_chunks(rows, sheet_title=sheet_title), filename=filename, content_type=XLSX_CONTENT_TYPE)
