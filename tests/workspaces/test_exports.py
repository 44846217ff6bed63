"""Downloads the tools declare (Tool(exports=...)): streamed, audited, only what the person may
see, refused where the tool is off or the person may not read it."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from links.models import Link
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
