"""Uploading files and new versions through the pages, and downloading any version: files are
served only after the permission check, as attachments that a browser never renders."""

import pytest
from django.core.files.storage import default_storage

from documents.models import Document, Version
from documents.services import LockHeld, document_check_out, version_upload
from workspaces.models import Activity

from ..archives import docx, zip_bomb
from .builders import PDF, PNG, access_data, make_file_document, pdf_file, upload_file, url_for


def _upload(client, workspace, upload, **data):
    return client.post(url_for("upload", workspace), {"file": upload, "title": "", "folder": "", "description": "",
                                                      "note": "", **access_data(), **data})


def test_a_contributor_uploads_a_file_into_a_folder(as_user, workspace, contributor, folder):
    response = _upload(as_user(contributor), workspace, pdf_file("Board paper.pdf"), folder=folder.pk,
                       description="For the **April** board.")
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert (document.title, document.folder, document.file_name, document.file_type) == (
        "Board paper", folder, "Board paper.pdf", "application/pdf")
    assert "<strong>April</strong>" in document.description_html
    version = document.versions.get()
    assert default_storage.exists(version.file.name) and "Board" not in version.file.name
    assert Activity.objects.filter(verb="documents.document_uploaded").count() == 1


def test_an_upload_over_the_limit_is_refused_next_to_the_field_keeping_what_was_typed(as_user, workspace,
                                                                                      contributor, settings):
    settings.ENGAGE_MAX_UPLOAD_BYTES = 1024 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # a file kept whole would go to a temporary file
    response = _upload(as_user(contributor), workspace, pdf_file(content=PDF + b"0" * 1024 * 1024), title="Budget 2027",
                       description="Figures for the year")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The file is over 1 MB; files can be at most 1 MB." in html  # dropped while it arrived
    assert 'id="id_file_error"' in html
    assert 'value="Budget 2027"' in html and "Figures for the year" in html
    assert not Document.objects.exists() and not Version.objects.exists()


def test_a_refused_type_is_explained_and_nothing_is_stored(as_user, workspace, contributor, tmp_path, settings):
    response = _upload(as_user(contributor), workspace, upload_file("budget.pdf", b"MZ\x90\x00" + b"\x00" * 100))
    assert "is not a kind of file we can accept" in response.content.decode()
    media = settings.MEDIA_ROOT / "documents"
    assert not Document.objects.exists() and not (media.exists() and any(media.rglob("*")))


def test_a_zip_bomb_is_refused_next_to_the_field_keeping_what_was_typed(as_user, workspace, contributor):
    bomb = zip_bomb("mimetype", megabytes=300, then=[("content.xml", "<office/>")])
    response = _upload(as_user(contributor), workspace, upload_file("notes.odt", bomb), title="Notes 2027")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_file_error"' in html
    assert "“notes.odt” has a part (“mimetype”) that would unpack to 300 MB from almost nothing" in html
    assert 'value="Notes 2027"' in html and not Document.objects.exists()


def test_a_new_version_with_macros_is_refused_next_to_the_field(as_user, workspace, contributor, paper):
    macros = docx(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(100)))
    response = as_user(contributor).post(url_for("upload_version", workspace, paper),
                                         {"file": upload_file("minutes.docx", macros), "note": "With a button"})
    html = response.content.decode()
    assert 'id="id_file_error"' in html and "“minutes.docx” contains macros" in html
    assert 'value="With a button"' in html and Version.objects.count() == 1


def test_a_duplicate_title_in_one_folder_is_refused_and_the_stored_file_removed(as_user, workspace, contributor,
                                                                               paper, folder, settings):
    before = set((settings.MEDIA_ROOT / "documents").rglob("*"))
    response = _upload(as_user(contributor), workspace, pdf_file(), title="march MINUTES", folder=folder.pk)
    assert "There is already a document called “March minutes” in the folder “Minutes”" in response.content.decode()
    assert Document.objects.count() == 1
    assert set((settings.MEDIA_ROOT / "documents").rglob("*")) == before
    # The same title elsewhere is fine.
    assert _upload(as_user(contributor), workspace, pdf_file(), title="March minutes").status_code == 302


def test_an_empty_title_takes_the_file_name(as_user, workspace, contributor):
    _upload(as_user(contributor), workspace, pdf_file("Terms of reference v2.pdf"), title="   ")
    assert Document.objects.get().title == "Terms of reference v2"


def test_every_new_version_keeps_the_old_ones_and_any_can_be_downloaded(as_user, workspace, contributor, reader,
                                                                       paper):
    client = as_user(contributor)
    response = client.post(url_for("upload_version", workspace, paper),
                           {"file": pdf_file("minutes-v2.pdf", PDF + b"% v2\n"), "note": "Corrected names"})
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.version == 2 and paper.file_name == "minutes-v2.pdf"
    assert list(paper.versions.values_list("number", "note")) == [(2, "Corrected names"), (1, "First version")]
    reading = as_user(reader)
    for number, content in ((1, PDF), (2, PDF + b"% v2\n")):
        response = reading.get(url_for("download", workspace, paper, number=number))
        assert response.status_code == 200 and b"".join(response.streaming_content) == content
    assert "minutes-v2.pdf" in reading.get(url_for("versions", workspace, paper)).content.decode()


def test_a_download_is_an_attachment_that_cannot_run_anything(as_user, workspace, contributor, reader):
    document = make_file_document(workspace, contributor, title="Diagram",
                                  upload=upload_file("diagram.svg", b'<svg onload="alert(1)"></svg>'))
    response = as_user(reader).get(url_for("download", workspace, document, number=1))
    assert response["Content-Disposition"] == 'attachment; filename="diagram.svg"'
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert "no-store" in response["Cache-Control"]


def test_a_unicode_name_is_kept_for_the_download(as_user, workspace, contributor):
    document = make_file_document(workspace, contributor, upload=upload_file("Café résumé.png", PNG))
    response = as_user(contributor).get(url_for("download", workspace, document, number=1))
    assert "filename*=utf-8''Caf%C3%A9%20r%C3%A9sum%C3%A9.png" in response["Content-Disposition"]


def test_a_name_stored_before_windows_device_names_were_cleaned_is_cleaned_in_the_download(as_user, workspace,
                                                                                         contributor, paper):
    paper.versions.update(file_name="CON.pdf")  # as an upload before the rule kept it
    response = as_user(contributor).get(url_for("download", workspace, paper, number=1))
    assert response["Content-Disposition"] == 'attachment; filename="_CON.pdf"'


def test_files_are_not_reachable_without_the_check(client, workspace, paper, outsider, as_user):
    url = url_for("download", workspace, paper, number=1)
    assert client.get(url).status_code == 302  # to sign in
    assert as_user(outsider).get(url).status_code == 404
    assert client.get("/media/" + paper.versions.get().file.name).status_code == 404


def test_a_missing_version_or_file_is_not_found(as_user, workspace, manager, paper, draft):
    client = as_user(manager)
    assert client.get(url_for("download", workspace, paper, number=9)).status_code == 404
    assert client.get(url_for("download", workspace, paper, number=2**40)).status_code == 404
    assert client.get(url_for("download", workspace, draft, number=1)).status_code == 404
    default_storage.delete(paper.versions.get().file.name)
    assert client.get(url_for("download", workspace, paper, number=1)).status_code == 404


def test_a_version_upload_while_someone_else_holds_the_lock_is_refused_saying_why(as_user, workspace, manager,
                                                                                contributor, paper):
    document_check_out(actor=manager, document=paper)
    response = as_user(contributor).post(url_for("upload_version", workspace, paper),
                                         {"file": pdf_file(), "note": "My corrections"})
    html = response.content.decode()
    assert response.status_code == 403 and "Maya Manager has locked this document for editing" in html
    assert "My corrections</textarea>" in html  # what was typed, shown back to copy
    paper.refresh_from_db()
    assert paper.version == 1 and Version.objects.count() == 1
    with pytest.raises(LockHeld):
        version_upload(actor=contributor, document=paper, upload=pdf_file())


def test_the_lock_holder_uploads_and_checks_in(as_user, workspace, contributor, paper):
    document_check_out(actor=contributor, document=paper)
    client = as_user(contributor)
    form = client.get(url_for("upload_version", workspace, paper)).content.decode()
    assert "Unlock the document when it is uploaded" in form
    client.post(url_for("upload_version", workspace, paper), {"file": pdf_file(), "note": "", "check_in": "on"})
    paper.refresh_from_db()
    assert paper.version == 2 and paper.locked_by is None


def test_written_documents_get_no_file_upload(as_user, workspace, contributor, draft):
    assert as_user(contributor).get(url_for("upload_version", workspace, draft)).status_code == 404


def test_upload_pages_still_check_the_csrf_token(workspace, contributor, paper):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    assert client.post(url_for("upload", workspace), {"file": pdf_file(), "title": "x"}).status_code == 403
    assert client.post(url_for("upload_version", workspace, paper), {"file": pdf_file()}).status_code == 403
    assert not Document.objects.filter(title="x").exists() and Version.objects.count() == 1
