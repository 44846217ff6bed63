"""Checking uploads, for everything that takes files (a library's documents, the CSV files of
invitations and licences): size, type found from the content (not the name), and safe names.

The type comes from the file's first bytes (the `filetype` library's signatures, pure Python),
and for ZIP-based formats from the archive's own table of contents, opened only through
lib.archives.open_archive (bounded: no zip bombs); text is recognised as such by having no NUL
bytes, or by a UTF-16 byte-order mark. The name's extension must agree with what the content is,
so a program renamed "report.pdf" is refused. Office files with macros are refused whatever
they are called (a .docm renamed .docx included). Files are only ever sent back as downloads
(with download_type(), as attachments, under safe_name()), never shown inline on our origin.

    checked = check_upload(upload)                       # a document: any accepted type
    text = read_text(upload, max_bytes=1024 * 1024)      # a CSV or text file, decoded

The size limit is ENGAGE_MAX_UPLOAD_MB; a view that takes files puts SizeLimitHandler first
(workspaces.kit.views.limit_upload_size), so that an oversized file is dropped as it arrives.
"""

import codecs
import math
import re
import unicodedata
from dataclasses import dataclass

import filetype
import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from .archives import ArchiveRefused, ArchiveUnreadable, open_archive

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
ACCEPTED_SUMMARY = ("PDF, Word, Excel, PowerPoint and OpenDocument files (without macros), rich text, images "
                    "(PNG, JPEG, GIF, WebP), text and CSV files, and ZIP archives")


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


_WINDOWS_DEVICES = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)", re.IGNORECASE)


def safe_name(name, default="document"):
    """A file name fit to store, and to send back in a download to any system: no folders, no
    control or reserved characters, no leading dots, no trailing dots or spaces, not a Windows
    device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with any extension: "con.txt" would open
    the console), at most MAX_NAME_LENGTH characters (keeping the extension). The one place
    names are cleaned: uploads are stored, and downloads sent, under what it gives."""
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
    if _WINDOWS_DEVICES.fullmatch(stem.split(".")[0].rstrip(" ")):
        stem = f"_{stem}"
    return f"{stem}.{ext}" if ext else stem


def extension(name):
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


class ContentRefused(ValueError):
    """The content is of a kind we refuse, whatever its name (a zip bomb, macros). str() completes
    "“the name” ..." for people."""


MACROS = ("contains macros (programs that run when it is opened), which cannot be uploaded. Save it "
          "without macros (as .docx, .xlsx, .pptx or OpenDocument) and choose it again")
# Parts that are macros: VBA in Office Open XML (whatever the part is called, its content type
# says so; a .docm, .xlsm or .pptm renamed .docx has a macroEnabled main part), Basic and script
# modules in OpenDocument (the libraries' index files alone are harmless).
_OOXML_MACRO_TYPES = re.compile(rb"macroenabled|vbaproject|vbadata", re.IGNORECASE)
_OOXML_MACRO_PARTS = re.compile(r"(^|/)vba(project|projectsignature|data)[^/]*$", re.IGNORECASE)
_ODF_MACRO_PARTS = re.compile(r"^(Scripts/.+|Basic/.+/(?!script-lb\.xml$|dialog-lb\.xml$)[^/]+)$")
_OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba", "_vba_project"}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f]")


def detect(upload):
    """The FileType of an uploaded file from its content, or None if it is not one we accept.
    Raises ContentRefused for a kind we refuse outright (an archive that would unpack too far,
    macros)."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: Office 97-2003 (Word, Excel, PowerPoint)
        return _ole_type(upload)
    kind = filetype.guess(head)
    if kind is not None and kind.mime in _SIGNATURES:
        return _SIGNATURES[kind.mime]
    if _is_text(head):  # text, even if it starts like some binary format ("BM", "MZ", "ID3")
        return TEXT
    return None


def _is_text(head):
    """Text has no NUL byte; UTF-16 text (Windows' "Unicode text") has many, and a byte-order mark."""
    if head.startswith(_UTF16_BOMS):
        try:
            text = codecs.getincrementaldecoder("utf-16")().decode(head, final=False)  # a cut last character waits
        except UnicodeDecodeError:
            return False
        return not _NOT_TEXT.search(text)
    return b"\x00" not in head


def _zip_type(upload):
    try:
        with open_archive(upload) as archive:
            names = archive.names
            mimetype = archive.head("mimetype", 100).decode("ascii", "replace") if "mimetype" in names else ""
            if "[Content_Types].xml" in names:
                _refuse_ooxml_macros(archive)
            elif mimetype:
                _refuse_odf_macros(archive)
    except ArchiveRefused as refused:
        raise ContentRefused(str(refused)) from None
    except ArchiveUnreadable:
        return None
    if "[Content_Types].xml" in names:
        for prefix, found in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
            if any(n.startswith(prefix) for n in names):
                return found
    for found in (ODT, ODS, ODP):
        if mimetype.strip() == found.mime:
            return found
    return ZIP


def _ole_type(upload):
    """OLE, once its directory (read with olefile) shows no VBA project: Word keeps one in a
    "Macros" storage, Excel in "_VBA_PROJECT_CUR", both with a "VBA" storage inside."""
    try:
        with olefile.OleFileIO(upload) as ole:
            paths = ole.listdir(streams=True, storages=True)
    except Exception:  # hostile input: whatever olefile cannot read, we do not accept
        return None
    finally:
        upload.seek(0)
    if any(_OLE_MACRO_STORAGES & {part.lower() for part in path} for path in paths):
        raise ContentRefused(MACROS)
    return OLE


def _refuse_ooxml_macros(archive):
    if any(_OOXML_MACRO_PARTS.search(name) for name in archive.names):
        raise ContentRefused(MACROS)
    # Read a chunk at a time, keeping a little of the last in case a word spans two chunks.
    carry = b""
    for chunk in archive.chunks("[Content_Types].xml"):
        if _OOXML_MACRO_TYPES.search(carry + chunk):
            raise ContentRefused(MACROS)
        carry = chunk[-40:]


def _refuse_odf_macros(archive):
    if any(_ODF_MACRO_PARTS.match(name) for name in archive.names):
        raise ContentRefused(MACROS)


def too_large_message(size_text):
    return (f"The file is {size_text}; files can be at most {megabytes(max_upload_bytes())}. Make it smaller (for "
            "example, save it as a PDF) or split it, then choose it again.")


class SizeLimitHandler(FileUploadHandler):
    """First of a request's upload handlers: stops keeping a file as soon as it passes the
    limit, so that an oversized upload is never written to disk in full. The rest of the
    request is still read, so what the person typed in the other fields comes back with the
    message. Marks the request: request.upload_too_large = {field name: True}. `limit` is in
    bytes (ENGAGE_MAX_UPLOAD_MB unless given)."""

    def __init__(self, request=None, limit=None):
        super().__init__(request)
        self.limit = limit

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > (self.limit or max_upload_bytes()):
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
    try:
        found = detect(upload)
    except ContentRefused as refused:
        raise ValidationError({field: f"“{name}” {refused}."}) from None
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


def text_too_large_message(size_text, max_bytes):
    return f"The file is {size_text}; the limit is {megabytes(max_bytes)}. Split it into smaller files."


def read_text(upload, *, max_bytes):
    """The text of an uploaded CSV or text file (UTF-8, with or without a byte-order mark, or
    UTF-16 with one, as Excel's "Unicode text" is), checked like every upload: its size, and its
    content (a spreadsheet or anything else that is not text is refused, whatever its name).
    Raises ValidationError with a message for the field."""
    if upload.size > max_bytes:
        raise ValidationError(text_too_large_message(megabytes(upload.size, up=True), max_bytes))
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    binary = ValidationError("That looks like a spreadsheet or other binary file, not text. Save it as CSV "
                             "(“CSV UTF-8”) and upload it again.")
    if not _is_text(data[:HEAD_BYTES]):
        try:
            found = detect(upload)  # to say what it is, through the same guards as every upload
        except ContentRefused as refused:
            raise ValidationError(f"The file {refused}.") from None
        if found not in (None, TEXT):
            raise ValidationError(f"That looks like a spreadsheet or other binary file ({found.label}), not text. "
                                  "Save it as CSV (“CSV UTF-8”) and upload it again.")
        raise binary
    try:
        text = data.decode("utf-16" if data.startswith(_UTF16_BOMS) else "utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The file could not be read as text. Save it as “CSV UTF-8” (or plain text) and "
                              "upload it again.") from None
    if "\x00" in text:
        raise binary
    return text


def download_type(mime):
    """The Content-Type a download is sent with. Anything a browser might run (HTML, SVG,
    XML) goes as plain bytes; with `attachment` and nosniff it is only ever saved."""
    if mime in _SENT_AS_THEY_ARE:
        return mime
    if mime == "text/plain":
        return "text/plain; charset=utf-8"
    return "application/octet-stream"
