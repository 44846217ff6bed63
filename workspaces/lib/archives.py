"""The one way to open an archive that someone uploaded (a ZIP, and the Word, Excel, PowerPoint
and OpenDocument files that are ZIPs inside): bounded, so that a small file can never make the
server unpack hundreds of megabytes (a "zip bomb").

    with open_archive(upload) as archive:       # raises ArchiveRefused, or ArchiveUnreadable
        if "mimetype" in archive.names:
            kind = archive.head("mimetype", 100)  # a few hundred bytes at most
        xml = archive.read("word/document.xml", max_bytes=2_000_000)  # refused if larger

Before zipfile reads the table of contents, its size is taken from the archive's end record
(zipfile would build an entry for every one it lists, whatever their number). The archive is then
refused if it lists more than settings.ENGAGE_ARCHIVE_MAX_MEMBERS entries; would unpack to more
than settings.ENGAGE_ARCHIVE_MAX_UNPACKED_BYTES in all; has an entry that unpacks to more than
MAX_RATIO times its packed size (Apache POI's rule for Office files); is encrypted; uses a
compression other than stored or deflated (zipfile cannot stop bzip2 or LZMA part-way); or holds
another archive, which is how bombs nest. The sizes an entry declares are what zipfile will give
out at most, so checking them bounds every later read. One exception to "no archive inside": the
packages an Office file keeps in its embeddings folder (a chart's workbook in a Word document),
which Office itself opens and we never do.

Nothing else in the app opens archives: tests/test_architecture.py refuses zipfile, tarfile and
openpyxl's load_workbook anywhere else.
"""

import math
import re
import struct
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass

import filetype
from django.conf import settings

HEAD_BYTES = 512  # enough for any signature, tar's at 257 included
MAX_RATIO = 100
RATIO_FREE_BYTES = 1024 * 1024  # an entry this small cannot be a bomb, whatever its ratio
DIRECTORY_BYTES_PER_MEMBER = 256  # a table of contents larger than this per entry is not a document's
CHUNK_BYTES = 64 * 1024
_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_END_SIZE, _LOCATOR_SIZE, _END64_SIZE = 22, 20, 56
_ZIP_STARTS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_NESTED = {"application/zip", "application/epub+zip", "application/x-tar", "application/x-rar-compressed",
           "application/gzip", "application/x-bzip2", "application/x-7z-compressed", "application/x-xz",
           "application/vnd.ms-cab-compressed", "application/x-deb", "application/x-unix-archive",
           "application/x-compress", "application/x-lzop", "application/x-lzip", "application/x-lz4",
           "application/zstd", "application/x-rpm", "application/x-brotli"}
_OFFICE_EMBEDDINGS = re.compile(r"(word|xl|ppt)/embeddings/[^/]+")


class ArchiveRefused(ValueError):
    """The archive is not one we open. str() completes "The file ..." for people."""


class ArchiveUnreadable(ValueError):
    """Not a ZIP archive, or a damaged one."""


@dataclass(frozen=True)
class Member:
    name: str
    size: int  # unpacked, as declared (zipfile gives out no more)
    packed: int


def max_members():
    return getattr(settings, "ENGAGE_ARCHIVE_MAX_MEMBERS", 5000)


def max_unpacked_bytes():
    return getattr(settings, "ENGAGE_ARCHIVE_MAX_UNPACKED_BYTES", 1024 * 1024 * 1024)


def _file_size(file):
    file.seek(0, 2)
    return file.tell()


def _directory(file, size):
    """(entries, bytes) of the table of contents, from the end record (or ZIP64's) where zipfile
    finds it; None if there is none (zipfile will refuse the file)."""
    if size < _END_SIZE:
        return None
    file.seek(size - _END_SIZE)
    record = file.read(_END_SIZE)
    at = size - _END_SIZE
    if not (record.startswith(_END) and record.endswith(b"\0\0")):  # no comment; otherwise search for it
        start = max(size - 65536 - _END_SIZE, 0)
        file.seek(start)
        tail = file.read()
        found = tail.rfind(_END)
        record = tail[found:found + _END_SIZE]
        if found < 0 or len(record) != _END_SIZE:
            return None
        at = start + found
    entries, directory_bytes = struct.unpack("<4s4H2LH", record)[4:6]
    if at >= _LOCATOR_SIZE + _END64_SIZE:
        file.seek(at - _LOCATOR_SIZE - _END64_SIZE)
        record64, locator = file.read(_END64_SIZE), file.read(_LOCATOR_SIZE)
        if locator.startswith(_END64_LOCATOR) and record64.startswith(b"PK\x06\x06"):
            entries, directory_bytes = struct.unpack("<2Q", record64[32:48])
    return entries, directory_bytes


def _is_archive(head):
    if head.startswith(_ZIP_STARTS):
        return True
    found = filetype.archive_match(head)
    return found is not None and found.mime in _NESTED


def _mb(size):
    return f"{math.ceil(size / (1024 * 1024)):,} MB"


_UNREADABLE = (ValueError, OSError, RuntimeError, NotImplementedError, EOFError, struct.error, zlib.error)


@contextmanager
def _reading():
    """A damaged archive raises all sorts from zipfile and zlib: they all mean ArchiveUnreadable."""
    try:
        yield
    except (ArchiveRefused, ArchiveUnreadable):
        raise
    except (zipfile.BadZipFile, *_UNREADABLE) as exc:
        raise ArchiveUnreadable(str(exc)) from exc


class Archive:
    """An opened archive whose entries have all passed the checks; members are read through it."""

    def __init__(self, zip_file, infos, members):
        self._zip = zip_file
        self._infos = infos  # ZipInfo by ZipInfo: a name may be listed twice
        self.members = members
        self.names = frozenset(m.name for m in members)
        self._sizes = {m.name: m.size for m in members}

    def head(self, name, size=HEAD_BYTES):
        """The first bytes of a member: at most HEAD_BYTES, however large it is."""
        with _reading(), self._zip.open(name) as member:  # name, or a ZipInfo
            return member.read(min(size, HEAD_BYTES))

    def read(self, name, *, max_bytes):
        """A whole member; ArchiveRefused if it unpacks to more than max_bytes."""
        if self._sizes[name] > max_bytes:
            raise ArchiveRefused(f"has a part (“{name[:80]}”) too large to read ({_mb(self._sizes[name])})")
        with _reading(), self._zip.open(name) as member:
            return member.read(max_bytes)

    def chunks(self, name, size=CHUNK_BYTES):
        """A member a chunk at a time (its whole size was bounded when the archive was opened)."""
        with _reading(), self._zip.open(name) as member:
            while chunk := member.read(size):
                yield chunk


def _checked_members(zip_file, file_size):
    infos = zip_file.infolist()
    if len(infos) > max_members():
        raise ArchiveRefused(f"holds more than {max_members():,} files")
    members, total = [], 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ArchiveRefused("is protected by a password, so it cannot be checked")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ArchiveRefused("is compressed in a way we cannot check (save it again with ordinary ZIP "
                                 "compression)")
        total += info.file_size
        if total > max_unpacked_bytes():
            raise ArchiveRefused(f"would unpack to more than {_mb(max_unpacked_bytes())}")
        packed = min(max(info.compress_size, 1), file_size)
        if info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_RATIO * packed:
            raise ArchiveRefused(f"has a part (“{info.filename[:80]}”) that would unpack to "
                                 f"{_mb(info.file_size)} from almost nothing, as a “zip bomb” does")
        members.append(Member(name=info.filename, size=info.file_size, packed=info.compress_size))
    return members


def _refuse_nested(archive):
    office = "[Content_Types].xml" in archive.names
    for info in archive._infos:
        if info.is_dir() or (office and _OFFICE_EMBEDDINGS.fullmatch(info.filename)):
            continue
        if _is_archive(archive.head(info)):
            raise ArchiveRefused(f"holds another archive (“{info.filename[:80]}”), and archives inside archives "
                                 "are not accepted")


@contextmanager
def open_archive(file):
    """Open an uploaded ZIP-based file (a binary file object, such as an UploadedFile) for bounded
    reading. Yields an Archive; raises ArchiveRefused (what is wrong, to follow "The file ...") or
    ArchiveUnreadable (not a ZIP we can read). The file is rewound afterwards."""
    try:
        size = _file_size(file)
        directory = _directory(file, size)
        if directory is not None:
            entries, directory_bytes = directory
            if entries > max_members() or directory_bytes > max_members() * DIRECTORY_BYTES_PER_MEMBER:
                raise ArchiveRefused(f"holds more than {max_members():,} files")
        file.seek(0)
        with _reading():
            zip_file = zipfile.ZipFile(file)
        with zip_file:
            archive = Archive(zip_file, zip_file.infolist(), _checked_members(zip_file, size))
            _refuse_nested(archive)
            yield archive
    finally:
        file.seek(0)
