"""Builders of ZIP files for the upload tests: ordinary Office and OpenDocument packages, and
hostile ones (a zip bomb, too many entries, an archive inside an archive), made in memory."""

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
