"""Upload checks: the type comes from the content, the name must agree with it, sizes are
limited, and names are made safe."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from workspaces.lib import files

from ..archives import MB, docx, odt, ole_file, zip_bomb, zip_bytes
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


def _real_xlsx():
    book = Workbook()
    book.active.append(["Name", "Seats"])
    book.active.append(["Rita", 3])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name, content", [
    ("notes.odt", zip_bomb("mimetype", megabytes=300, then=[("content.xml", "<office/>")])),
    ("paper.docx", zip_bomb("word/document.xml", megabytes=300, then=[("[Content_Types].xml", "<Types/>")])),
    ("bundle.zip", zip_bomb("data.bin", megabytes=300)),
])
def test_a_zip_bomb_is_refused_without_being_unpacked(name, content):
    tracemalloc.start()
    try:
        message = _message(name, content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message.startswith(f"“{name}” has a part (“")
    assert "that would unpack to 300 MB from almost nothing" in message
    assert peak < 3 * MB


def test_an_archive_with_too_many_files_is_refused(settings):
    settings.ENGAGE_ARCHIVE_MAX_MEMBERS = 20
    message = _message("bundle.zip", zip_bytes([(f"{n}.txt", "x") for n in range(21)]))
    assert message == "“bundle.zip” holds more than 20 files."


def test_an_archive_inside_an_archive_is_refused():
    message = _message("bundle.zip", zip_bytes([("inner.zip", zip_bytes([("a.txt", "a")]))]))
    assert message == "“bundle.zip” holds another archive (“inner.zip”), and archives inside archives are not accepted."


def test_office_97_files_without_macros_are_accepted_and_damaged_ones_are_not():
    assert _check("letter.doc", ole_file("ObjectPool")).mime == files.OLE.mime
    assert "not a kind of file" in _message("letter.doc", ole_file("Macros")[:600])


def test_ordinary_office_files_are_still_accepted():
    assert _check("figures.xlsx", _real_xlsx()).mime == files.XLSX.mime
    chart = docx(("word/embeddings/Microsoft_Excel_Worksheet.xlsx", _real_xlsx()))
    assert _check("report.docx", chart).mime == files.DOCX.mime
    assert _check("notes.odt", odt(("Basic/script-lc.xml", "<library:libraries/>"))).mime == files.ODT.mime


VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
MACRO_TYPES = ('<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.'
               'macroEnabled.main+xml"/></Types>')


@pytest.mark.parametrize("name, content", [
    ("paper.docx", docx(("word/vbaProject.bin", VBA))),
    ("paper.docx", zip_bytes([("[Content_Types].xml", MACRO_TYPES), ("word/document.xml", "<w:document/>")])),
    ("paper.docx", zip_bytes([  # the VBA part under another name: its content type gives it away
        ("[Content_Types].xml", '<Types><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                                "</Types>"),
        ("word/document.xml", "<w:document/>"), ("word/harmless.bin", VBA)])),
    ("figures.xlsx", zip_bytes([
        ("[Content_Types].xml", '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.'
                                'sheet.macroEnabled.main+xml"/></Types>'), ("xl/workbook.xml", "<workbook/>")])),
    ("slides.pptx", zip_bytes([("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>"),
                               ("ppt/vbaProject.bin", VBA)])),
    ("paper.docm", docx(("word/vbaProject.bin", VBA))),
    ("notes.odt", odt(("Basic/script-lc.xml", "<libraries/>"), ("Basic/Standard/script-lb.xml", "<library/>"),
                      ("Basic/Standard/Module1.xml", "<module>Sub Main: Shell(\"calc\"): End Sub</module>"))),
    ("notes.odt", odt(("Scripts/python/run.py", "import os"))),
    ("letter.doc", ole_file("Macros", "VBA")),
    ("figures.xls", ole_file("_VBA_PROJECT_CUR", "VBA")),
    ("figures.doc", ole_file("_VBA_PROJECT_CUR", "VBA")),
])
def test_office_files_with_macros_are_refused_whatever_they_are_called(name, content):
    message = _message(name, content)
    assert message.startswith(f"“{name}” contains macros (programs that run when it is opened), which cannot be "
                              "uploaded.")


@pytest.mark.parametrize("name, encoding, mime", [
    ("notes.txt", "utf-16", "text/plain"),
    ("notes.txt", "utf-16-be", "text/plain"),
    ("people.csv", "utf-16", "text/csv"),
])
def test_utf16_text_with_a_byte_order_mark_is_text(name, encoding, mime):
    text = "email\tname\r\nrita@example.org\tRita Ōkubo\r\n" * 400  # longer than the head that is looked at
    content = text.encode(encoding)
    if encoding == "utf-16-be":
        content = b"\xfe\xff" + content
    assert _check(name, content).mime == mime


@pytest.mark.parametrize("name, content", [("fleet.txt", b"BMW 3 series, 2 cars\n"), ("notes.txt", b"MZ: 4 people\n"),
                                           ("tags.txt", b"ID3 tags to fix\n")])
def test_text_that_starts_like_a_binary_signature_is_text(name, content):
    assert _check(name, content).mime == "text/plain"


def test_a_real_bitmap_is_still_refused():
    assert "not a kind of file" in _message("fleet.txt", b"BM" + bytes(60))


def test_utf16_that_is_not_text_is_still_refused():
    assert "not a kind of file" in _message("notes.txt", b"\xff\xfe" + "a\x00b\x01".encode("utf-16-le"))
    assert "not a kind of file" in _message("notes.txt", b"\xff\xfe\x00\xd8\x00\xd8")  # lone surrogates


@pytest.mark.parametrize("given, safe", [
    ("CON", "_CON"),
    ("con.txt", "_con.txt"),
    ("Nul.tar.gz", "_Nul.tar.gz"),
    ("aux .pdf", "_aux.pdf"),
    ("COM1.docx", "_COM1.docx"),
    ("lpt9.csv", "_lpt9.csv"),
    ("COM¹.pdf", "_COM1.pdf"),
    ("console.pdf", "console.pdf"),
    ("report. . .", "report"),
    ("report.pdf. ", "report.pdf"),
    ("tab\there\x7f.pdf", "tab here.pdf"),
    ("..\\..\\boot.ini", "boot.ini"),
    ("é" * 300 + ".pdf", "é" * 146 + ".pdf"),
])
def test_names_are_safe_on_windows_too(given, safe):
    assert files.safe_name(given) == safe
