"""Builders of files for the upload tests, made in memory: ZIPs (ordinary Office and OpenDocument
packages, and hostile ones: a zip bomb, too many entries, an archive inside an archive) and
Office 97-2003 (OLE2) files with or without a macro storage."""

import io
import struct
import zipfile
import zlib

MB = 1024 * 1024
ODT_TYPE = "application/vnd.oasis.opendocument.text"


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED):
    """A ZIP of (name, data) pairs, in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(*extra):
    return zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"), *extra])


def odt(*extra):
    return zip_bytes([("mimetype", ODT_TYPE), ("content.xml", "<office/>"), *extra])


def _deflated_zeros(megabytes):
    """Raw deflate of `megabytes` MB of zero bytes, and their CRC, without compressing them all:
    after a full flush deflate starts afresh, so every megabyte compresses to the same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    zeros = bytes(MB)
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    return block * megabytes + compressor.flush(), crc


def zip_bomb(name="mimetype", megabytes=300, then=()):
    """A valid ZIP whose first entry `name` unpacks to `megabytes` MB of zeros from about a
    thousandth of that, followed by the ordinary entries `then`."""
    data, crc = _deflated_zeros(megabytes)
    encoded = name.encode()
    size = megabytes * MB
    local = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, zipfile.ZIP_DEFLATED, 0, 0x21, crc, len(data),
                        size, len(encoded), 0)
    central = struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, 0, zipfile.ZIP_DEFLATED, 0, 0x21, crc,
                          len(data), size, len(encoded), 0, 0, 0, 0, 0, 0)
    body = local + encoded + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(encoded), len(body), 0)
    buffer = io.BytesIO(body + central + encoded + end)
    with zipfile.ZipFile(buffer, "a") as archive:  # zipfile adds the ordinary entries after it
        for entry_name, entry_data in then:
            archive.writestr(entry_name, entry_data)
    return buffer.getvalue()


def with_entry_count(content, entries):
    """The same ZIP with its end record claiming `entries` entries (a lie, or the truth)."""
    at = content.rindex(b"PK\x05\x06")
    record = bytearray(content[at:])
    struct.pack_into("<2H", record, 8, entries, entries)
    return content[:at] + bytes(record)


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE, _END_OF_CHAIN, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _ole_entry(name, kind, child=_NO_STREAM):
    encoded = (name + "\0").encode("utf-16-le")
    return struct.pack("<64sHBB3L16sL2QLQ", encoded, len(encoded), kind, 1, _NO_STREAM, _NO_STREAM, child,
                       bytes(16), 0, 0, 0, _END_OF_CHAIN, 0)


def ole_file(*storages):
    """An Office 97-2003 (OLE2 compound) file holding nested, empty storages: ole_file("Macros",
    "VBA") is how Word keeps a document's macros, ole_file("_VBA_PROJECT_CUR", "VBA") Excel."""
    entries = [_ole_entry("Root Entry", 5, child=1 if storages else _NO_STREAM)]
    for n, name in enumerate(storages, start=1):
        entries.append(_ole_entry(name, 1, child=n + 1 if n < len(storages) else _NO_STREAM))
    directory = b"".join(entries).ljust(512 * ((len(entries) * 128 + 511) // 512), b"\0")
    for at in range(len(entries) * 128, len(directory), 128):  # unused entries have no siblings
        directory = directory[:at + 68] + struct.pack("<3L", _NO_STREAM, _NO_STREAM, _NO_STREAM) + directory[at + 80:]
    directory_sectors = len(directory) // 512
    fat = [_FAT_SECTOR] + [n + 2 for n in range(1, directory_sectors)] + [_END_OF_CHAIN]
    fat = struct.pack(f"<{len(fat)}L", *fat).ljust(512, b"\xff")
    header = struct.pack("<8s16s5H6s3L2L4L", OLE_MAGIC, bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6), 0, 1, 1, 0, 4096,
                         _END_OF_CHAIN, 0, _END_OF_CHAIN, 0)
    header += struct.pack("<109L", 0, *([_FREE] * 108))
    return header + fat + directory
