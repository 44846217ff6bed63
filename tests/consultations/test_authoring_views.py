"""The authoring pages: the list and its filters (the same queries at two sizes), adding, the
settings (dates read-only once published), the document editor (preview, save, what was typed
kept on an error, read-only once published), the import into the editor, files, "request
another format" and its list."""

import io
import re

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import Attachment, Consultation, FormatRequest, Section

from .builders import make_consultation

pytestmark = pytest.mark.django_db


def url(name, workspace, consultation=None, **kwargs):
    if consultation is not None:
        kwargs["pk"] = consultation.pk
    return reverse(f"consultations:{name}", kwargs={"workspace": workspace.slug, **kwargs})


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_list_filters_by_stage_and_offers_adding_to_managers(as_user, workspace, manager, reader):
    make_consultation(workspace, manager, title="Open one")
    make_consultation(workspace, manager, stage="scheduled", title="Later one")
    make_consultation(workspace, manager, stage="closed", title="Closed one")
    make_consultation(workspace, manager, stage="published", title="Done one")
    make_consultation(workspace, manager, stage="draft", title="Draft one")
    page = text_of(as_user(manager).get(url("index", workspace)))
    assert "New consultation" in page and "Deleted consultations" in page and "Draft one" in page
    assert "Open for responses until" in page
    for show, title in (("open", "Open one"), ("upcoming", "Later one"), ("closed", "Closed one"),
                        ("outcome", "Done one")):
        shown = text_of(as_user(manager).get(url("index", workspace) + f"?show={show}"))
        titles = {"Open one", "Later one", "Closed one", "Done one", "Draft one"}
        assert title in shown and not any(other in shown for other in titles - {title}), show
    as_reader = text_of(as_user(reader).get(url("index", workspace)))
    assert "New consultation" not in as_reader and "Draft one" not in as_reader and "Open one" in as_reader


def _queries(client, address):
    client.get(address)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(address).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["reader", "manager"])
def test_the_list_costs_the_same_at_two_sizes(as_user, workspace, personas, manager, persona):
    for _ in range(2):
        make_consultation(workspace, manager, sections=[])
    client = as_user(personas[persona])
    small = _queries(client, url("index", workspace))
    for _ in range(12):
        make_consultation(workspace, manager, sections=[])
    assert _queries(client, url("index", workspace)) == small


def test_adding_a_consultation_keeps_what_was_typed_on_an_error(as_user, workspace, manager):
    client = as_user(manager)
    data = {"title": "Bathing", "summary": "About rivers", "opens_at": "2027-03-01T09:00",
            "closes_at": "2027-02-01T09:00", "moderation": "pre", "view_access": "members",
            "change_access": "managers"}
    page = client.post(url("create", workspace), data)
    assert page.status_code == 200 and "The close must come after the opening." in page.content.decode()
    assert "About rivers" in page.content.decode()
    response = client.post(url("create", workspace), {**data, "closes_at": "2027-04-20T17:00"})
    consultation = Consultation.objects.get(title="Bathing")
    assert response.status_code == 302 and response["Location"] == url("document", workspace, consultation)
    assert consultation.moderation == "pre" and consultation.status == "draft"


def test_a_published_consultation_s_settings_show_its_dates_read_only(as_user, workspace, manager):
    consultation = make_consultation(workspace, manager)
    page = as_user(manager).get(url("edit", workspace, consultation)).content.decode()
    assert 'name="closes_at"' not in page and 'href="../manage/"' in page


def test_the_document_editor_previews_saves_and_keeps_text_on_an_error(as_user, workspace, manager):
    draft = make_consultation(workspace, manager, stage="draft")
    client = as_user(manager)
    page = client.get(url("document", workspace, draft)).content.decode()
    assert "# Introduction" in page and "Preview sections" in page
    text = "# Aims\n\nFirst point.\n\nSecond point.\n\n## Detail\n\nThird."
    preview = text_of(client.post(url("document", workspace, draft), {"text": text, "preview": "1"}))
    assert "1, paragraph 2" in preview and "1.1, paragraph 1" in preview
    assert Section.objects.get(consultation=draft, number="1").heading == "Introduction"  # nothing saved
    wrong = client.post(url("document", workspace, draft), {"text": "No heading here.\n\n# Later"})
    assert wrong.status_code == 200 and "Start the document with a heading" in wrong.content.decode()
    assert "No heading here." in wrong.content.decode()
    saved = client.post(url("document", workspace, draft), {"text": text})
    assert saved.status_code == 302
    assert list(Section.objects.filter(consultation=draft).values_list("number", "heading")) == [
        ("1", "Aims"), ("1.1", "Detail")]


def test_a_published_document_is_read_only(as_user, workspace, manager):
    consultation = make_consultation(workspace, manager)
    page = text_of(as_user(manager).get(url("document", workspace, consultation)))
    assert "cannot be changed once the consultation is published" in page and "<textarea" not in page
    as_user(manager).post(url("document", workspace, consultation), {"text": "# Gone"})
    assert Section.objects.filter(consultation=consultation, heading="Introduction").exists()


def test_an_import_fills_the_editor_and_saves_nothing(as_user, workspace, manager):
    draft = make_consultation(workspace, manager, stage="draft")
    document = docx.Document()
    document.add_heading("Imported section", level=1)
    document.add_paragraph("Imported paragraph.")
    buffer = io.BytesIO()
    document.save(buffer)
    client = as_user(manager)
    form = client.get(url("import", workspace, draft)).content.decode()
    assert url("example", workspace, draft, format="docx") in form and "PDF files cannot be imported" in form
    page = client.post(url("import", workspace, draft),
                       {"file": SimpleUploadedFile("plan.docx", buffer.getvalue())})
    body = page.content.decode()
    assert page.status_code == 200 and "# Imported section" in body and "1, paragraph 1" in body
    assert f'action="{url("document", workspace, draft)}"' in body
    assert not Section.objects.filter(consultation=draft, heading="Imported section").exists()
    pdf = client.post(url("import", workspace, draft), {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n")})
    assert pdf.status_code == 200 and "We can&#x27;t import PDF files" in pdf.content.decode()


def test_the_example_files_download(as_user, workspace, manager):
    consultation = make_consultation(workspace, manager)
    response = as_user(manager).get(url("example", workspace, consultation, format="docx"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_files_are_uploaded_checked_and_downloaded_as_attachments(as_user, workspace, manager, reader):
    consultation = make_consultation(workspace, manager)
    client = as_user(manager)
    bad = client.post(url("attachments", workspace, consultation),
                      {"kind": "easy_read", "title": "Easy Read", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00")})
    assert bad.status_code == 200 and not Attachment.objects.exists()
    assert "Easy Read" in bad.content.decode()
    good = client.post(url("attachments", workspace, consultation),
                       {"kind": "easy_read", "title": "Easy Read", "file": SimpleUploadedFile("easy.txt", b"Easy.")})
    assert good.status_code == 302
    attachment = Attachment.objects.get()
    response = as_user(reader).get(url("attachment", workspace, consultation, attachment=attachment.pk))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_formats_include_links_each_file_and_the_request(workspace, manager, rf):
    from django.template.loader import render_to_string

    consultation = make_consultation(workspace, manager)
    html = render_to_string("consultations/_formats.html", {"consultation": consultation, "attachments": []})
    assert url("request_format", workspace, consultation) in html


def test_anyone_may_ask_for_another_format_on_a_public_workspace(public_workspace, manager, as_user):
    consultation = make_consultation(public_workspace, manager, view_access="anyone")
    anonymous = Client()
    address = url("request_format", public_workspace, consultation)
    asked = anonymous.post(address, {"format": "audio", "details": ""})
    assert asked.status_code == 200 and "Enter your email address" in asked.content.decode()
    done = anonymous.post(address, {"format": "audio", "details": "Please", "email": "someone@example.org"})
    assert done.status_code == 200 and "Thank you" in done.content.decode()
    request = FormatRequest.objects.get()
    assert request.email == "someone@example.org" and request.requested_by is None
    staff = as_user(manager)
    listing = staff.get(url("format_requests", public_workspace, consultation)).content.decode()
    assert "someone@example.org" in listing and "Mark as done" in listing
    staff.post(url("format_requests", public_workspace, consultation), {"request": request.pk})
    assert FormatRequest.objects.get().handled_at is not None


def test_questions_are_added_with_errors_next_to_the_field(as_user, workspace, manager):
    draft = make_consultation(workspace, manager, stage="draft")
    client = as_user(manager)
    page = client.post(url("questions", workspace, draft), {"kind": "single", "code": "Q1", "text": "Agree?",
                                                            "options": "Yes"})
    assert page.status_code == 200 and "Give at least two options" in page.content.decode()
    added = client.post(url("questions", workspace, draft), {"kind": "single", "code": "Q1", "text": "Agree?",
                                                             "options": "Yes\nNo", "section": ""})
    assert added.status_code == 302 and draft.questions.get().options.count() == 2
    listed = text_of(client.get(url("questions", workspace, draft)))
    assert "Q1: Agree?" in listed and "About the consultation as a whole" in listed


def test_deleting_and_restoring_through_the_pages(as_user, workspace, manager):
    consultation = make_consultation(workspace, manager)
    client = as_user(manager)
    assert client.post(url("delete", workspace, consultation)).status_code == 302
    assert consultation.title in client.get(url("deleted", workspace)).content.decode()
    assert client.post(url("restore", workspace, consultation)).status_code == 302
    assert not Consultation.objects.get(pk=consultation.pk).is_deleted
