"""The core's streamed CSV and XLSX exports (workspaces.lib.exports): cells a spreadsheet would
run as formulas are neutralised, rows are read one at a time and never kept, the XLSX opens."""

import csv
import io
import os
import weakref
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook

from workspaces.lib import exports


class Row(list):
    """A row that can be watched (weakref) to see whether anything still holds it."""

    __eq__ = object.__eq__
    __hash__ = object.__hash__


def watched_rows(count, alive, most_alive):
    """A header, then `count` rows made one at a time; most_alive[0] is the largest number of
    rows still held by anyone when the next one is made."""
    yield Row(["email", "number"])
    for i in range(count):
        most_alive[0] = max(most_alive[0], len(alive))
        row = Row([f"person{i}@example.org", i])
        alive.add(row)
        yield row


def read_csv(chunks):
    return list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))


def read_xlsx(chunks):
    return load_workbook(io.BytesIO(b"".join(chunks)), read_only=False).active


HOSTILE = ["=1+1", "=HYPERLINK(\"http://evil.example\")", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_puts_an_apostrophe_before_text_a_spreadsheet_would_run(text):
    assert read_csv(exports.csv_chunks([["cell"], [text]])) == [["cell"], ["'" + text]]


@pytest.mark.parametrize("text", ["plain", "a=b", "x-1", "", "name@example.org", "'quoted"])
def test_csv_leaves_other_text_alone(text):
    assert read_csv(exports.csv_chunks([[text]])) == [[text]]


def test_csv_writes_numbers_dates_times_booleans_and_nothing_as_they_are():
    aware = datetime(2027, 6, 30, 9, 15, 42, 123456, tzinfo=timezone(timedelta(hours=1)))
    rows = [[-5, 2.5, date(2027, 6, 30), aware, datetime(2027, 1, 2, 3, 4, 5), True, False, None]]
    assert read_csv(exports.csv_chunks(rows)) == [
        ["-5", "2.5", "2027-06-30", "2027-06-30 08:15:42", "2027-01-02 03:04:05", "yes", "no", ""]
    ]


def test_csv_is_utf8_with_a_byte_order_mark_for_excel_unless_asked_not_to():
    with_bom = b"".join(exports.csv_chunks([["name"], ["Zoë"]]))
    assert with_bom == "\ufeffname\r\nZoë\r\n".encode()
    assert b"".join(exports.csv_chunks([["name"], ["Zoë"]], bom=False)) == "name\r\nZoë\r\n".encode()


def test_a_10000_row_csv_export_streams_and_holds_no_rows():
    alive, most_alive = weakref.WeakSet(), [0]
    rows = watched_rows(10_000, alive, most_alive)
    response = exports.csv_response(rows, filename="people.csv")
    assert response.streaming
    chunks = iter(response.streaming_content)
    first = next(chunks)
    # The first chunk goes out after a chunk of rows, not after all of them.
    assert first.startswith(b"\xef\xbb\xbfemail,number\r\n") and first.count(b"\r\n") == exports.ROWS_PER_CHUNK
    lines = read_csv([first, *chunks])
    assert len(lines) == 10_001 and lines[-1] == ["person9999@example.org", "9999"]
    assert most_alive[0] <= 2  # each row is let go once written


def test_a_10000_row_xlsx_export_is_written_row_by_row_and_holds_no_rows():
    alive, most_alive = weakref.WeakSet(), [0]
    response = exports.xlsx_response(watched_rows(10_000, alive, most_alive), filename="people.xlsx",
                                     sheet_title="People")
    assert response.streaming
    data = b"".join(response.streaming_content)
    assert most_alive[0] <= 2
    sheet = read_xlsx([data])
    assert sheet.title == "People" and sheet.max_row == 10_001
    assert [c.value for c in sheet[10_001]] == ["person9999@example.org", 9999]


def test_the_xlsx_opens_with_the_rows_and_their_types():
    when = datetime(2027, 6, 30, 9, 15, 42, tzinfo=UTC)
    rows = [["name", "seats", "until", "assigned", "current", "empty"],
            ["Zoë", 3, date(2027, 6, 30), when, True, None]]
    sheet = read_xlsx(exports.xlsx_chunks(rows))
    assert [c.value for c in sheet[1]] == rows[0]
    assert [c.value for c in sheet[2]] == ["Zoë", 3, datetime(2027, 6, 30), datetime(2027, 6, 30, 9, 15, 42),
                                           True, None]
    assert sheet["C2"].is_date and sheet["D2"].is_date


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_stores_text_a_spreadsheet_would_run_as_text_never_a_formula(text):
    data = b"".join(exports.xlsx_chunks([["cell"], [text]]))
    cell = read_xlsx([data])["A2"]
    # (XML reads a carriage return back as a line feed)
    assert cell.data_type == "s" and cell.value == text.replace("\r", "\n") and cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_xlsx_drops_control_characters_that_xml_cannot_hold():
    sheet = read_xlsx(exports.xlsx_chunks([["Sam\x00 \x07Patel\x1f"]]))
    assert sheet["A1"].value == "Sam Patel"


def test_a_failed_xlsx_export_leaves_no_temporary_file():
    def failing():
        yield ["email"]
        yield ["a@example.org"]
        raise RuntimeError("the database went away")

    # openpyxl lists the temporary files of this process (and removes them only when it ends).
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    before = set(ALL_TEMP_FILES)
    with pytest.raises(RuntimeError):
        b"".join(exports.xlsx_chunks(failing()))
    assert [path for path in ALL_TEMP_FILES if path not in before and os.path.exists(path)] == []


@pytest.mark.parametrize("make, content_type", [
    (exports.csv_response, "text/csv; charset=utf-8"),
    (exports.xlsx_response, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_an_export_is_an_attachment_never_cached_or_sniffed(make, content_type):
    response = make([["a"]], filename="licences-demo-2027-06-30.x")
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == 'attachment; filename="licences-demo-2027-06-30.x"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
