"""lib.archives.open_archive, the one way the app opens an uploaded archive: a zip bomb, too many
entries, an archive inside an archive, a password or an exotic compression are refused before
anything is unpacked, and members are only ever read a bounded amount at a time."""

import io
import tracemalloc
import zipfile

import pytest

from workspaces.lib.archives import HEAD_BYTES, ArchiveRefused, ArchiveUnreadable, open_archive

from ..archives import MB, docx, odt, with_entry_count, zip_bomb, zip_bytes


def _refusal(content):
    with pytest.raises(ArchiveRefused) as refused, open_archive(io.BytesIO(content)):
        pass
    return str(refused.value)


def test_it_refuses_a_zip_bomb_before_unpacking_it():
    bomb = zip_bomb("mimetype", megabytes=300, then=[("content.xml", "<office/>")])
    assert len(bomb) < 400 * 1024
    tracemalloc.start()
    try:
        message = _refusal(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "(“mimetype”) that would unpack to 300 MB from almost nothing" in message
    assert peak < 2 * MB


def test_it_refuses_an_archive_that_would_unpack_past_the_limit_in_all(settings):
    settings.ENGAGE_ARCHIVE_MAX_UNPACKED_BYTES = 1 * MB
    ordinary = zip_bytes([(f"part{n}.txt", bytes(range(256)) * 1024) for n in range(5)])  # 256 KB each
    assert _refusal(ordinary) == "would unpack to more than 1 MB"


def test_it_refuses_too_many_entries_even_when_the_end_record_lies(settings):
    settings.ENGAGE_ARCHIVE_MAX_MEMBERS = 50
    many = zip_bytes([(f"note{n}.txt", "x") for n in range(51)])
    assert _refusal(many) == "holds more than 50 files"
    assert _refusal(with_entry_count(many, 3)) == "holds more than 50 files"
    with open_archive(io.BytesIO(zip_bytes([(f"note{n}.txt", "x") for n in range(50)]))) as archive:
        assert len(archive.members) == 50


def test_it_refuses_a_table_of_contents_too_large_for_its_entries_before_zipfile_reads_it(settings):
    settings.ENGAGE_ARCHIVE_MAX_MEMBERS = 2
    long_names = zip_bytes([("x" * 400 + ".txt", "a"), ("y" * 400 + ".txt", "b")])
    assert _refusal(long_names) == "holds more than 2 files"


@pytest.mark.parametrize("inner", [
    zip_bytes([("a.txt", "a")]),
    docx(),
    __import__("gzip").compress(b"text" * 100),
    b"7z\xbc\xaf\x27\x1c" + bytes(100),
    b"Rar!\x1a\x07\x01\x00" + bytes(100),
], ids=["zip", "docx", "gzip", "7z", "rar"])  # fixed ids: the bytes hold timestamps, and xdist's workers must agree
def test_it_refuses_an_archive_inside_an_archive(inner):
    message = _refusal(zip_bytes([("readme.txt", "hello"), ("inside/bundle.bin", inner)]))
    assert message == "holds another archive (“inside/bundle.bin”), and archives inside archives are not accepted"


def test_the_workbook_of_a_chart_in_an_office_document_is_not_a_nested_archive():
    chart = docx(("word/embeddings/Microsoft_Excel_Worksheet.xlsx", zip_bytes([("[Content_Types].xml", "<T/>")])))
    with open_archive(io.BytesIO(chart)) as archive:
        assert "word/embeddings/Microsoft_Excel_Worksheet.xlsx" in archive.names
    # Outside the embeddings folder, or in a package that is not Office's, it is one.
    assert "holds another archive" in _refusal(docx(("word/media/x.xlsx", zip_bytes([("a", "b")]))))
    assert "holds another archive" in _refusal(zip_bytes([("word/embeddings/x.xlsx", zip_bytes([("a", "b")]))]))


def test_it_refuses_encrypted_entries_and_compressions_it_cannot_stop_part_way():
    encrypted = bytearray(zip_bytes([("secret.txt", "words")]))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = encrypted.index(signature)
        encrypted[at + flag_at] |= 0x1
    assert _refusal(bytes(encrypted)) == "is protected by a password, so it cannot be checked"
    assert _refusal(zip_bytes([("a.txt", "a" * 1000)], compression=zipfile.ZIP_BZIP2)).startswith(
        "is compressed in a way we cannot check")


def test_members_are_read_a_bounded_amount():
    rows = "".join(f"<row n='{n:07d}'/>" for n in range(80_000))  # 1.36 MB, as a spreadsheet's XML compresses
    big = zip_bytes([("big.xml", rows), ("small.xml", "<b/>")])
    with open_archive(io.BytesIO(big)) as archive:
        assert len(archive.head("big.xml", 10_000)) == HEAD_BYTES
        assert archive.read("small.xml", max_bytes=100) == b"<b/>"
        with pytest.raises(ArchiveRefused, match="too large to read"):
            archive.read("big.xml", max_bytes=MB)
        assert b"".join(archive.chunks("big.xml")) == rows.encode()


def test_ordinary_packages_open_and_the_file_is_rewound():
    upload = io.BytesIO(odt())
    with open_archive(upload) as archive:
        assert archive.names == {"mimetype", "content.xml"}
        assert archive.head("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert upload.tell() == 0


@pytest.mark.parametrize("content", [b"PK\x03\x04" + bytes(50), b"", b"not a zip at all"])
def test_a_damaged_archive_is_unreadable(content):
    with pytest.raises(ArchiveUnreadable), open_archive(io.BytesIO(content)):
        pass


def test_a_member_that_does_not_unpack_is_unreadable():
    damaged = bytearray(zip_bytes([("a.txt", "words " * 1000)]))
    at = damaged.index(b"a.txt") + 5
    damaged[at:at + 20] = b"\xff" * 20  # the compressed data
    with pytest.raises(ArchiveUnreadable), open_archive(io.BytesIO(bytes(damaged))) as archive:
        archive.read("a.txt", max_bytes=10_000)
