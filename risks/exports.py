"""The register table as a download (CSV or XLSX, streamed through workspaces.lib.exports): the
rows the table shows with the same filters (or as at the same date), with each score's level in
words and an "Outside appetite" column, so that a board pack says what the page says."""

from itertools import islice

from .table import SCORE_NAMES, as_rows, table_rows, with_trends

CHUNK = 500
HEADER = ("Reference", "Title", "Category", "Owner", "Status",
          *[f"{label} {part}" for label in SCORE_NAMES.values() for part in ("likelihood", "impact", "score", "level")],
          "Highest acceptable score", "Outside appetite", "Next review", "Trend since last review")
TREND = {"up": "Worse", "down": "Better", "same": "No change", None: ""}


def _cells(matrix, row):
    cells = [row.reference, row.title, row.category, row.owner, row.status_label]
    for name in SCORE_NAMES:
        found = row.scores.get(name)
        if found:
            band = matrix.band(found[2])
            cells += [found[0], found[1], found[2], band.label]
        else:
            cells += [None, None, None, ""]
    cells += [row.appetite_max, "Outside appetite" if row.outside else "Within appetite", row.review_by,
              TREND[row.trend]]
    return cells


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def register_rows(user, register, filters):
    """The header, then one row per risk of the table as filtered: read a chunk at a time."""
    yield HEADER
    matrix = register.matrix()
    found = table_rows(user, register, filters)
    if isinstance(found, list):  # as at a date: already built
        for chunk in _chunks(found, CHUNK):
            with_trends(chunk, filters.moment)
            for row in chunk:
                yield _cells(matrix, row)
        return
    for chunk in _chunks(found.iterator(chunk_size=CHUNK), CHUNK):
        for row in as_rows(register, chunk):
            yield _cells(matrix, row)
