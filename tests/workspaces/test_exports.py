"""Downloads the tools declare (Tool(exports=...)): streamed, audited, only what the person may
see, refused where the tool is off or the person may not read it."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from links.models import Link
from workspaces.lib.exports import csv_chunks, xlsx_chunks
from workspaces.models import Access, AuditEntry

from ..builders import make_team
from ..links.builders import make_link


def export_url(workspace, tool="links", name="links", file_format="csv"):
    return reverse("tool_export", args=[workspace.slug, tool, name, file_format])


def csv_rows(response):
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_links_export_has_the_links_the_person_may_see_and_no_others(as_user, workspace, manager, reader):
    make_link(workspace, manager, title="For everyone", url="https://example.org/a")
    team = make_team(workspace, "Insiders", members=[manager])
    make_link(workspace, manager, title="Insiders only", url="https://example.org/b", view_access=Access.TEAMS,
              view_teams=[team])
    rows = csv_rows(as_user(reader).get(export_url(workspace)))
    assert rows[0][:2] == ["Title", "Web address"]
    assert [r[0] for r in rows[1:]] == ["For everyone"]
    assert {r[0] for r in csv_rows(as_user(manager).get(export_url(workspace)))[1:]} == {"For everyone",
                                                                                        "Insiders only"}


def test_an_export_is_audited_and_formula_cells_are_neutralised(as_user, workspace, manager):
    make_link(workspace, manager, title="=HYPERLINK(\"evil\")", url="https://example.org/c")
    rows = csv_rows(as_user(manager).get(export_url(workspace)))
    assert rows[1][0] == "'=HYPERLINK(\"evil\")"
    entry = AuditEntry.objects.get(action="export.downloaded")
    assert entry.after == {"tool": "links", "export": "links", "format": "csv"} and entry.workspace == workspace


def test_the_documents_export_opens_in_excel(as_user, workspace, manager):
    from ..documents.builders import make_written

    make_written(workspace, manager, title="Plan")
    response = as_user(manager).get(export_url(workspace, "documents", "documents", "xlsx"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Title" and rows[1][0] == "Plan" and book.active.title == "Documents"


@pytest.mark.parametrize("tool, name, file_format", [("links", "nothing", "csv"), ("links", "links", "pdf"),
                                                      ("nowhere", "links", "csv"), ("wikis", "links", "csv")])
def test_an_unknown_download_is_not_found(as_user, workspace, manager, tool, name, file_format):
    assert as_user(manager).get(export_url(workspace, tool, name, file_format)).status_code == 404


def test_a_disabled_tool_offers_no_download(as_user, workspace, manager):
    workspace.enabled_tools = ["wikis"]
    workspace.save()
    assert as_user(manager).get(export_url(workspace)).status_code == 404


def test_outsiders_get_nothing(as_user, workspace, outsider, manager):
    make_link(workspace, manager, title="Private")
    assert as_user(outsider).get(export_url(workspace)).status_code == 404
    assert not Link.objects.filter(title="Private").count() == 0


def test_the_tool_page_offers_its_downloads(as_user, workspace, reader):
    html = as_user(reader).get(reverse("links:index", args=[workspace.slug])).content.decode()
    assert export_url(workspace) in html and export_url(workspace, file_format="xlsx") in html


# --- The formula guard (lib.exports), for CSV and XLSX alike -----------------------------------

FORMULA_LIKE = {  # text -> the CSV cell written
    "=1+1": "'=1+1", "+1+1": "'+1+1", "-1+1": "'-1+1", "@SUM(A1)": "'@SUM(A1)", "\tplain": "'\tplain",
    "\rplain": "'\rplain", "\t=1+1": "'\t'=1+1", "\r=1+1": "'\r'=1+1", "\n=1+1": "'\n'=1+1",
    " =1+1": "' =1+1", "  @x": "'  @x", "\u00a0=1+1": "'\u00a0=1+1", " \t-2+3": "' \t'-2+3",
    "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
}
SEPARATED = {  # a formula start after a separator inside the cell
    'Smith;=HYPERLINK("http://evil")': 'Smith;\'=HYPERLINK("http://evil")', "a,=1+1": "a,'=1+1",
    'a; "@x': 'a;\' "@x', "x\t@SUM(1)": "x\t'@SUM(1)", "Notes\n- first": "Notes\n'- first",
    "a;+1,-2": "a;'+1,'-2",
}
HARMLESS = ["Plain", "a=b", "1-2", "e-mail", "x@example.org", "'quoted", "a, b; c", "Notes\nfirst", ""]


def _csv_text(rows, bom=False):
    return b"".join(csv_chunks(rows, bom=bom)).decode()


def _csv_cell(text):
    return list(csv.reader(io.StringIO(_csv_text([[text]]), newline="")))[0][0]


def _xlsx_sheet(rows):
    return load_workbook(io.BytesIO(b"".join(xlsx_chunks(rows)))).active


@pytest.mark.parametrize("text, written", [*FORMULA_LIKE.items(), *SEPARATED.items()])
def test_a_cell_a_spreadsheet_could_run_gets_apostrophes_in_csv(text, written):
    assert _csv_cell(text) == written


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_a_cell_a_spreadsheet_could_run_is_text_with_excels_apostrophe_in_xlsx(text):
    cell = _xlsx_sheet([[text, 1]])["A1"]
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value in (text, text.replace("\r", "\n"))  # XML reads a carriage return as a line feed


@pytest.mark.parametrize("text", SEPARATED)
def test_a_separator_in_a_cell_does_not_matter_in_xlsx(text):
    cell = _xlsx_sheet([["Name", text]])["B1"]
    assert cell.value == text and cell.data_type == "s"


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_left_as_it_is(text):
    assert _csv_cell(text) == text
    cell = _xlsx_sheet([[text or None]])["A1"]
    assert cell.value == (text or None) and not cell.quotePrefix


def test_a_separator_in_a_later_cell_starts_no_formula_however_the_line_is_split():
    rows = [["Name", "Note", "Count"], ["Sam", 'Smith;=HYPERLINK("http://evil")', -5],
            ["Ann", 'b,=1+2";=1+2', 3], ["Bo", "x\t@SUM(1)\n-2", 4]]
    text = _csv_text(rows)
    assert text.split("\r\n")[1] == '"Sam","Smith;\'=HYPERLINK(""http://evil"")","-5"'  # every field quoted
    assert list(csv.reader(io.StringIO(text, newline="")))[1:] == [
        ["Sam", 'Smith;\'=HYPERLINK("http://evil")', "-5"], ["Ann", "b,'=1+2\";'=1+2", "3"],
        ["Bo", "x\t'@SUM(1)\n'-2", "4"]]
    # A spreadsheet splitting on ";" (Excel where the decimal comma is the custom) or tabs takes
    # a quote only at the start of a field, as Python's csv does: no cell it makes starts a formula.
    for delimiter in (";", "\t", ","):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            formulas = [c for c in row if c.lstrip().startswith(("=", "+", "-", "@")) and c != "-5"]  # -5: a number
            assert formulas == [], delimiter
