"""Upload checks: the type comes from the content, the name must agree with it, sizes are
limited, and names are made safe."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from workspaces.lib import files

from .builders import PDF, PNG, upload_file


def _zip(entries, first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(*first)
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
XLSX = _zip([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")])
ODT = _zip([("content.xml", "<office/>")], first=("mimetype", "application/vnd.oasis.opendocument.text"))
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def _check(name, content):
    return files.check_upload(upload_file(name, content))


def _message(name, content):
    with pytest.raises(ValidationError) as raised:
        _check(name, content)
    return raised.value.message_dict["file"][0]


@pytest.mark.parametrize("name, content, mime", [
    ("minutes.pdf", PDF, "application/pdf"),
    ("logo.png", PNG, "image/png"),
    ("paper.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("figures.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("notes.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ("bundle.zip", _zip([("a.txt", "a")]), "application/zip"),
    ("responses.csv", b"name,view\nRita,yes\n", "text/csv"),
    ("readme.txt", "Plain words, £ and é.".encode(), "text/plain"),
    ("diagram.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "text/plain"),
    ("page.html", b"<html><script>alert(1)</script></html>", "text/plain"),
])
def test_accepted_types_are_recognised_from_their_content(name, content, mime):
    checked = _check(name, content)
    assert checked.mime == mime and checked.name == name and checked.size == len(content)


def test_a_program_renamed_pdf_is_refused_for_what_it_is():
    assert "not a kind of file we can accept" in _message("budget.pdf", EXE)
    assert "not a kind of file we can accept" in _message("budget.pdf", ELF)


def test_content_that_does_not_match_the_name_is_refused_with_a_way_out():
    message = _message("minutes.pdf", PNG)
    assert "called a .pdf file, but its content is a PNG image" in message and "“.png”" in message


def test_a_text_file_with_a_dangerous_ending_is_refused():
    assert "Files ending “.js” cannot be uploaded" in _message("tracker.js", b"alert(1)")
    assert "Files ending “.exe”" in _message("setup.exe", b"just text")


def test_a_name_without_an_ending_gets_the_one_its_content_has():
    assert _check("scan", PDF).name == "scan.pdf"


def test_empty_and_oversized_files_are_refused(settings):
    assert "empty" in _message("minutes.pdf", b"")
    settings.ENGAGE_MAX_UPLOAD_BYTES = 1024 * 1024
    message = _message("minutes.pdf", PDF + b"0" * (1024 * 1024))
    assert message.startswith("The file is 1.1 MB; files can be at most 1 MB.")


def test_a_damaged_zip_is_refused():
    assert "not a kind of file" in _message("paper.docx", b"PK\x03\x04" + b"\x00" * 50)


@pytest.mark.parametrize("given, safe", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\rita\\Minutes (final).PDF", "Minutes (final).pdf"),
    ("..hidden.pdf", "hidden.pdf"),
    ('a<b>c:"d|e?*.pdf', "a_b_c__d_e__.pdf"),
    ("line\nbreak\x00.pdf", "line break .pdf".replace(" .", ".")),
    ("", "document"),
    (".", "document"),
    ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ("résumé.pdf", "résumé.pdf"),
    ("report.pdf;.exe", "report.pdf_.exe"),
])
def test_names_are_made_safe(given, safe):
    assert files.safe_name(given) == safe


def test_downloads_of_anything_a_browser_could_run_are_sent_as_plain_bytes_or_text():
    assert files.download_type("text/html") == "application/octet-stream"
    assert files.download_type("image/svg+xml") == "application/octet-stream"
    assert files.download_type("text/plain") == "text/plain; charset=utf-8"
    assert files.download_type("application/pdf") == "application/pdf"
