"""Importing a consultation's document: a Word file (.docx) or a Markdown or text file (.md,
.txt) becomes the editor's Markdown (`# Heading` a section, `## Heading` a sub-section), shown
in the document editor with its preview for the person to Save: nothing is saved here.

A .docx is checked like every upload (lib.files.detect: its type from its content, macros
refused, the archive bounded by lib.archives.open_archive, so no zip bomb), then opened again
through open_archive to refuse what a document has no business carrying (external
relationships, DTDs and entities), and only then read with python-docx (whose XML parser does
not resolve entities either). Every refusal is a ValidationError for the field "file" saying
what to do."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from workspaces.lib.archives import ArchiveRefused, ArchiveUnreadable, open_archive
from workspaces.lib.files import (
    DOCX,
    ContentRefused,
    detect,
    extension,
    max_upload_bytes,
    megabytes,
    read_text,
    safe_name,
    too_large_message,
)

from .authoring import parse_document, specs_markdown

MAX_TEXT_BYTES = 2 * 1024 * 1024  # a Markdown or text file
MAX_DOCX_UNPACKED = 100 * 1024 * 1024  # what python-docx may hold in memory, whatever the site's archive limit
TEXT_EXTENSIONS = ("md", "markdown", "txt")
WORD_EXTENSIONS = ("docx",)
ACCEPTED = "a Word document (.docx) or a Markdown or text file (.md, .txt)"
PDF_REFUSED = "We can't import PDF files: copy the text and paste it into the document editor instead."
OLD_WORD = ("“{name}” is an older Word file (.doc). Open it in Word, save it as a Word document (.docx), and "
            "choose that file.")
WRONG_KIND = "“{name}” is not a file we can import. Choose " + ACCEPTED + "."
EMPTY = "The file you chose is empty. Check it is the right file, and choose it again."
UNREADABLE = ("We could not read “{name}” as a Word document: it may be damaged. Open it in Word, save it again as a "
              "Word document (.docx), and choose that file.")
EXTERNAL = ("“{name}” links to content outside the file (an external image, template or data source), which we do "
            "not import. Remove those links in Word (or save a copy with “Break links”), and choose it again.")
ENTITIES = ("“{name}” contains XML declarations (a DTD or entities) that Word documents never need, so we do not "
            "open it. Save it again from Word as a Word document (.docx), and choose that file.")
TOO_BIG = "“{name}” is too large to import ({what}). Import the text only: paste it into the document editor."
NOTHING = "We found no text in “{name}”. Check it is the right file."

_XML_PART = re.compile(r"\.(xml|rels)$", re.IGNORECASE)
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_EXTERNAL = re.compile(rb"TargetMode\s*=\s*[\"']External[\"']", re.IGNORECASE)
_MARKDOWN_START = re.compile(r"^(\s*)([#>]|[-*+]\s|\d+[.)]\s)")


@dataclass
class Imported:
    markdown: str  # the editor's text
    specs: list  # document.SectionSpec trees (parse_document of markdown)
    name: str  # the file's safe name


def refuse(message, **names):
    raise ValidationError({"file": message.format(**names)})


def convert(upload):
    """The Imported document of an uploaded file, or ValidationError({"file": message})."""
    if upload is None:
        refuse("Choose a file to import.")
    name = safe_name(upload.name)
    if upload.size == 0:
        refuse(EMPTY)
    ext = extension(name)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if ext == "pdf" or head.startswith(b"%PDF"):
        refuse(PDF_REFUSED)
    if ext == "doc":
        refuse(OLD_WORD, name=name)
    if ext in ("docx", "docm", "dotx", "dotm") or head.startswith(b"PK\x03\x04"):
        markdown = _docx_markdown(upload, name)
    elif ext in TEXT_EXTENSIONS:
        markdown = _text_markdown(upload)
    else:
        refuse(WRONG_KIND, name=name)
    if not markdown.strip():
        refuse(NOTHING, name=name)
    markdown = _with_first_heading(markdown, name)
    try:
        specs = parse_document(markdown)
    except ValidationError as exc:  # cannot happen after _with_first_heading, but say it plainly if it does
        raise ValidationError({"file": exc.messages}) from None
    return Imported(markdown=specs_markdown(specs), specs=specs, name=name)


def _stem(name):
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return " ".join(stem.replace("_", " ").split()) or "Document"


def _with_first_heading(markdown, name):
    """Text before the first heading goes under a section named after the file."""
    for line in markdown.split("\n"):
        if not line.strip():
            continue
        if re.match(r"^#[ \t]+\S", line):
            return markdown
        break
    return f"# {_stem(name)[:200]}\n\n{markdown}"


# --- Markdown and text ---------------------------------------------------------------------------


def _text_markdown(upload):
    try:
        text = read_text(upload, max_bytes=MAX_TEXT_BYTES)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


# --- Word -----------------------------------------------------------------------------------------


def _docx_markdown(upload, name):
    if upload.size > max_upload_bytes():
        refuse(too_large_message(megabytes(upload.size, up=True)))
    try:
        found = detect(upload)  # the type by content; macros and zip bombs refused (open_archive)
    except ContentRefused as refused:
        refuse("“{name}” {why}.", name=name, why=str(refused))
    if found is None:
        refuse(UNREADABLE, name=name)
    if found is not DOCX:
        refuse(WRONG_KIND, name=name)
    _check_parts(upload, name)
    document = _open_docx(upload, name)
    return _document_markdown(document)


def _check_parts(upload, name):
    try:
        with open_archive(upload) as archive:
            total = sum(member.size for member in archive.members)
            if total > MAX_DOCX_UNPACKED:
                refuse(TOO_BIG, name=name, what=f"{total // (1024 * 1024):,} MB unpacked")
            if "word/document.xml" not in archive.names:
                refuse(UNREADABLE, name=name)
            for member in archive.members:
                if not _XML_PART.search(member.name):
                    continue
                carry = b""
                for chunk in archive.chunks(member.name):
                    seen = carry + chunk
                    if _DTD.search(seen):
                        refuse(ENTITIES, name=name)
                    if member.name.lower().endswith(".rels") and _EXTERNAL.search(seen):
                        refuse(EXTERNAL, name=name)
                    carry = chunk[-40:]
    except ArchiveRefused as refused:
        refuse("“{name}” {why}.", name=name, why=str(refused))
    except ArchiveUnreadable:
        refuse(UNREADABLE, name=name)
    finally:
        upload.seek(0)


def _open_docx(upload, name):
    import docx  # noqa: PLC0415 (only an import needs it)

    try:
        return docx.Document(upload)
    except Exception:  # hostile or damaged input: whatever python-docx cannot read, we do not import
        refuse(UNREADABLE, name=name)
    finally:
        upload.seek(0)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _heading_level(paragraph):
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style == "Title":
        return 1
    match = re.fullmatch(r"Heading (\d)", style)
    if match:
        return int(match.group(1))
    return 0


def _is_list(paragraph):
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.startswith("List"):
        return True
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(f"{W}numPr") is not None


def _escaped(text):
    """Plain text that Markdown would otherwise read as a heading, a quote or a list."""
    return _MARKDOWN_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _inline(paragraph):
    """A paragraph's text, bold and italic runs marked up."""
    parts = []
    for run in paragraph.runs:
        text = run.text.replace("\t", " ")
        if not text:
            continue
        stripped = text.strip()
        if stripped and (run.bold or run.italic):
            mark = "**" if run.bold else "*"
            lead, tail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            text = f"{lead}{mark}{stripped}{mark}{tail}"
        parts.append(text)
    text = "".join(parts) if parts else paragraph.text
    return " ".join(text.split("\n")).strip()


def _table_markdown(table):
    rows = []
    for row in table.rows:
        cells = [" ".join(cell.text.split()).replace("|", "\\|") for cell in row.cells]
        rows.append("| " + " | ".join(cells) + " |")
    if not rows:
        return ""
    width = len(table.rows[0].cells)
    rows.insert(1, "| " + " | ".join(["---"] * width) + " |")
    return "\n".join(rows)


def _document_markdown(document):
    from docx.table import Table  # noqa: PLC0415
    from docx.text.paragraph import Paragraph  # noqa: PLC0415

    blocks, listing = [], []

    def end_list():
        if listing:
            blocks.append("\n".join(listing))
            listing.clear()

    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{W}tbl":
            end_list()
            table = _table_markdown(Table(child, document))
            if table:
                blocks.append(table)
            continue
        if child.tag != f"{W}p":
            continue
        paragraph = Paragraph(child, document)
        level = _heading_level(paragraph)
        if level in (1, 2):
            end_list()
            heading = " ".join(paragraph.text.split())
            if heading:
                blocks.append(f"{'#' * level} {heading[:300]}")
            continue
        text = _inline(paragraph)
        if not text:
            end_list()
            continue
        if _is_list(paragraph):
            listing.append(f"- {text}")
            continue
        end_list()
        blocks.append(f"### {text}" if level else _escaped(text))
    end_list()
    return "\n\n".join(blocks)
