"""Importing a document: a real .docx made with python-docx (headings, lists, a table), Markdown
and text; and every refusal with its message: macros, a zip bomb, external relationships, an XML
entity, a PDF, an empty file, a wrong extension, a damaged Word file."""

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations import importing

from ..archives import zip_bomb


def _docx_bytes(build):
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _sample(document):
    document.add_paragraph("River bathing", style="Title")
    document.add_paragraph("We propose new rules.")
    document.add_heading("The proposals", level=1)
    paragraph = document.add_paragraph("Sites are tested ")
    paragraph.add_run("weekly").bold = True
    paragraph.add_run(".")
    document.add_paragraph("Signs show:")
    document.add_paragraph("the latest result", style="List Bullet")
    document.add_paragraph("who to contact", style="List Number")
    document.add_paragraph("")
    document.add_paragraph("# not a heading")
    document.add_heading("Costs", level=2)
    document.add_paragraph("It costs £2,000.")
    document.add_heading("Detail", level=3)
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (("Item", "Cost"), ("Testing", "£2,000")), strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text


def _refusal(name, content):
    with pytest.raises(ValidationError) as refused:
        importing.convert(SimpleUploadedFile(name, content))
    return " ".join(refused.value.message_dict["file"])


def _rezipped(content, replace=(), add=()):
    """The .docx `content` with some parts replaced and others added (a test's hostile file)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    replaced = dict(replace)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, replaced.get(info.filename, source.read(info.filename)))
        for name, data in add:
            out.writestr(name, data)
    return buffer.getvalue()


def test_a_word_document_becomes_sections_paragraphs_and_lists():
    imported = importing.convert(SimpleUploadedFile("plan.docx", _docx_bytes(_sample)))
    assert [spec.heading for spec in imported.specs] == ["River bathing", "The proposals"]
    assert imported.specs[0].text == "We propose new rules."
    proposals = imported.specs[1]
    assert [child.heading for child in proposals.children] == ["Costs"]
    assert proposals.text.split("\n\n") == [
        "Sites are tested **weekly**.", "Signs show:", "- the latest result\n- who to contact", "\\# not a heading"]
    costs = proposals.children[0].text
    assert "It costs £2,000." in costs and "### Detail" in costs
    assert "| Item | Cost |\n| --- | --- |\n| Testing | £2,000 |" in costs
    assert imported.markdown.startswith("# River bathing\n\nWe propose new rules.\n\n# The proposals")


def test_a_word_document_without_headings_goes_under_its_file_name():
    imported = importing.convert(SimpleUploadedFile("bathing_rules.docx", _docx_bytes(
        lambda d: d.add_paragraph("Just one paragraph."))))
    assert [(s.heading, s.text) for s in imported.specs] == [("bathing rules", "Just one paragraph.")]


def test_markdown_and_text_files_import_as_they_are():
    text = "# One\n\nFirst.\n\n## One point one\n\nSecond.\r\n\r\nThird.\n"
    imported = importing.convert(SimpleUploadedFile("doc.md", text.encode()))
    assert imported.specs[0].heading == "One" and imported.specs[0].children[0].text == "Second.\n\nThird."
    plain = importing.convert(SimpleUploadedFile("notes.txt", b"Some notes.\n\nMore notes."))
    assert plain.specs[0].heading == "notes" and plain.specs[0].text == "Some notes.\n\nMore notes."


def test_the_example_files_import():
    from pathlib import Path

    import consultations

    folder = Path(consultations.__file__).parent / "static" / "consultations"
    for ext in ("docx", "md"):
        imported = importing.convert(SimpleUploadedFile(f"example.{ext}", (folder / f"example-consultation.{ext}")
                                                        .read_bytes()))
        assert [s.heading for s in imported.specs] == ["Introduction", "The proposals", "Next steps"]
        assert imported.specs[1].children[0].heading == "Costs"


def test_a_document_with_macros_is_refused_whatever_it_is_called():
    content = _rezipped(_docx_bytes(_sample), add=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")])
    assert "contains macros" in _refusal("plan.docx", content)
    assert "contains macros" in _refusal("plan.docm", content)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = zip_bomb("word/document.xml", megabytes=200, then=[("[Content_Types].xml", "<Types/>")])
    message = _refusal("bomb.docx", bomb)
    assert "zip bomb" in message or "would unpack" in message


def test_external_relationships_are_refused():
    content = _docx_bytes(_sample)
    rels = zipfile.ZipFile(io.BytesIO(content)).read("word/_rels/document.xml.rels").decode()
    hostile = rels.replace("</Relationships>", '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/'
                           'officeDocument/2006/relationships/image" Target="http://evil.example/x.png" '
                           'TargetMode="External"/></Relationships>')
    message = _refusal("plan.docx", _rezipped(content, replace=[("word/_rels/document.xml.rels", hostile)]))
    assert "links to content outside the file" in message


def test_an_xml_external_entity_is_refused():
    content = _docx_bytes(_sample)
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    hostile = xml.replace("?>", '?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1)
    message = _refusal("plan.docx", _rezipped(content, replace=[("word/document.xml", hostile)]))
    assert "DTD or entities" in message


def test_a_pdf_is_refused_with_what_to_do_instead():
    message = _refusal("plan.pdf", b"%PDF-1.4\n%%EOF\n")
    assert message == importing.PDF_REFUSED
    assert _refusal("renamed.docx", b"%PDF-1.4\n%%EOF\n") == importing.PDF_REFUSED


@pytest.mark.parametrize("name, content, says", [
    ("empty.docx", b"", "is empty"),
    ("sheet.xlsx", b"a,b\n", "not a file we can import"),
    ("plan.odt", b"PK\x03\x04 not really", "could not read"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "older Word file"),
    ("broken.docx", b"PK\x03\x04broken", "could not read"),
    ("binary.md", b"\x00\x01\x02\x03", "not text"),
])
def test_other_files_are_refused_with_a_clear_message(name, content, says):
    assert says in _refusal(name, content)


def test_a_zip_that_is_not_a_word_document_is_refused():
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "not a file we can import" in _refusal("notes.docx", content.getvalue())
