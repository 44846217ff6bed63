"""Checking uploads, for every tool that takes files: size, type found from the content (not
the name), and safe names.

The type comes from the file's first bytes (the `filetype` library's signatures, pure Python),
and for ZIP-based formats from the archive's own table of contents (stdlib zipfile); text is
recognised as such by having no NUL bytes. The name's extension must agree with what the
content is, so a program renamed "report.pdf" is refused. Files are only ever sent back as
downloads (with download_type(), as attachments), never shown inline on our origin.

The size limit is ENGAGE_MAX_UPLOAD_MB; a view that takes files puts SizeLimitHandler first
(workspaces.kit.views.limit_upload_size), so that an oversized file is dropped as it arrives.
"""

import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

HEAD_BYTES = 8192
MAX_NAME_LENGTH = 150


@dataclass(frozen=True)
class FileType:
    label: str  # said to people: "a PDF", "a Word document"
    mime: str
    extensions: tuple  # accepted name endings; the first is added to a name that has none


PDF = FileType("a PDF", "application/pdf", ("pdf",))
DOCX = FileType("a Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",))
XLSX = FileType("an Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))
PPTX = FileType("a PowerPoint presentation",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation", ("pptx",))
ODT = FileType("an OpenDocument text", "application/vnd.oasis.opendocument.text", ("odt",))
ODS = FileType("an OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", ("ods",))
ODP = FileType("an OpenDocument presentation", "application/vnd.oasis.opendocument.presentation", ("odp",))
OLE = FileType("an Office 97–2003 file", "application/x-ole-storage", ("doc", "xls", "ppt", "msg"))
RTF = FileType("a rich text document", "application/rtf", ("rtf",))
ZIP = FileType("a ZIP archive", "application/zip", ("zip",))
PNG = FileType("a PNG image", "image/png", ("png",))
JPEG = FileType("a JPEG image", "image/jpeg", ("jpg", "jpeg"))
GIF = FileType("a GIF image", "image/gif", ("gif",))
WEBP = FileType("a WebP image", "image/webp", ("webp",))
TEXT = FileType("a text file", "text/plain",
                ("txt", "csv", "tsv", "md", "markdown", "json", "xml", "html", "htm", "svg", "ics", "vtt"))

# Mime types from `filetype` that we accept as they are.
_SIGNATURES = {t.mime: t for t in (PDF, PNG, JPEG, GIF, WEBP, RTF)}
# Text files are sent with the type of their ending; these never as what they are (a browser
# would run their scripts), whatever the download says.
TEXT_TYPES = {"csv": "text/csv", "tsv": "text/tab-separated-values", "json": "application/json"}
ACCEPTED_SUMMARY = ("PDF, Word, Excel, PowerPoint, OpenDocument, rich text, images (PNG, JPEG, GIF, WebP), "
                    "text and CSV files, and ZIP archives")


_SENT_AS_THEY_ARE = {t.mime for t in (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, OLE, RTF, ZIP, PNG, JPEG, GIF, WEBP)} | {
    *TEXT_TYPES.values()}


@dataclass(frozen=True)
class CheckedFile:
    name: str  # safe, with an extension that matches the content
    size: int
    mime: str


def megabytes(size, up=False):
    """"25 MB", to one decimal place: rounded up for a file's size, so that one just over the
    limit never reads as the limit itself."""
    tenths = math.ceil(size / 104857.6) if up else math.floor(size / 104857.6)
    return f"{tenths // 10} MB" if tenths % 10 == 0 else f"{tenths / 10:.1f} MB"


def max_upload_bytes():
    return settings.ENGAGE_MAX_UPLOAD_BYTES


def safe_name(name, default="document"):
    """A file name fit to store and to send back: no folders, no control or reserved
    characters, no leading dots, at most MAX_NAME_LENGTH characters (keeping the extension)."""
    name = unicodedata.normalize("NFKC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch if ch.isprintable() else " " for ch in name)
    name = re.sub(r'[<>:"|?*;%]', "_", name)
    name = " ".join(name.split()).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = re.sub(r"[^\w]", "", ext)[:10].lower()
    stem = stem.strip(" .")[: MAX_NAME_LENGTH - len(ext) - 1].strip(" .") or default
    return f"{stem}.{ext}" if ext else stem


def extension(name):
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def detect(upload):
    """The FileType of an uploaded file from its content, or None if it is not one we accept."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: Office 97-2003 (Word, Excel, PowerPoint)
        return OLE
    kind = filetype.guess(head)
    if kind is not None:
        return _SIGNATURES.get(kind.mime)
    if b"\x00" not in head:
        return TEXT
    return None


def _zip_type(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, NotImplementedError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        for prefix, found in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
            if any(n.startswith(prefix) for n in names):
                return found
    for found in (ODT, ODS, ODP):
        if mimetype.strip() == found.mime:
            return found
    return ZIP


def too_large_message(size_text):
    return (f"The file is {size_text}; files can be at most {megabytes(max_upload_bytes())}. Make it smaller (for "
            "example, save it as a PDF) or split it, then choose it again.")


class SizeLimitHandler(FileUploadHandler):
    """First of a request's upload handlers: stops keeping a file as soon as it passes the
    limit, so that an oversized upload is never written to disk in full. The rest of the
    request is still read, so what the person typed in the other fields comes back with the
    message. Marks the request: request.upload_too_large = {field name: True}."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            self.request.upload_too_large = {**getattr(self.request, "upload_too_large", {}), self.field_name: True}
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file


def check_upload(upload, field="file"):
    """Check an uploaded file (a Django UploadedFile). Returns a CheckedFile, or raises
    ValidationError({field: message}) saying what is wrong and what to do."""
    limit = max_upload_bytes()
    if upload is None:
        raise ValidationError({field: "Choose a file to upload."})
    if upload.size == 0:
        raise ValidationError({field: "The file you chose is empty. Check it is the right file, and choose it again."})
    if upload.size > limit:
        raise ValidationError({field: too_large_message(megabytes(upload.size, up=True))})
    name = safe_name(upload.name)
    found = detect(upload)
    ext = extension(name)
    if found is None:
        raise ValidationError({field: f"“{name}” is not a kind of file we can accept. You can upload "
                                      f"{ACCEPTED_SUMMARY}."})
    if not ext:
        name = f"{name}.{found.extensions[0]}"
    elif ext not in found.extensions:
        if found is TEXT:
            message = (f"Files ending “.{ext}” cannot be uploaded. You can upload {ACCEPTED_SUMMARY}.")
        else:
            message = (f"“{name}” is called a .{ext} file, but its content is {found.label}. Check you chose the "
                       f"right file, or rename it to end in “.{found.extensions[0]}”.")
        raise ValidationError({field: message})
    mime = found.mime
    if found is TEXT:
        mime = TEXT_TYPES.get(ext, "text/plain")
    return CheckedFile(name=name, size=upload.size, mime=mime)


def download_type(mime):
    """The Content-Type a download is sent with. Anything a browser might run (HTML, SVG,
    XML) goes as plain bytes; with `attachment` and nosniff it is only ever saved."""
    if mime in _SENT_AS_THEY_ARE:
        return mime
    if mime == "text/plain":
        return "text/plain; charset=utf-8"
    return "application/octet-stream"
