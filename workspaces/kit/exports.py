"""Downloads a tool offers of its items, declared in its Tool(exports=...) and served by the
core at /w/<workspace>/export/<tool>/<name>.csv (or .xlsx): streamed a chunk of rows at a time
(workspaces.lib.exports: CSV-injection-safe, XLSX through openpyxl's write-only workbook),
audited, and limited to what the person may see.

    Export(name="links", label="All links", perm="links.view_link", rows=selectors.export_rows)

rows(user, workspace) returns the header row, then one row per item: build it from
workspaces.permissions.visible() and iterate it (queryset.iterator(chunk_size=...)), so that
nothing is held in memory and nothing hidden is exported.

A table too big for Python to write quickly (200,000 survey responses) is written by PostgreSQL:
copy_csv_chunks(header, sql, params), its text columns wrapped in lib.exports.sql_neutralised();
database_writes_csv() says whether the database can (SQLite cannot: write the rows instead).
"""

from dataclasses import dataclass, field

from django.db import connection

from ..lib.exports import csv_chunks

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Export:
    name: str  # in the URL and the file's name: letters, digits, hyphens
    label: str  # "All links", shown as "Download all links: CSV · Excel"
    perm: str  # the workspace permission it needs ("links.view_link")
    rows: object = field(hash=False, compare=False)  # rows(user, workspace) -> iterable of tuples, header first
    sheet_title: str = ""


def find(tool, name):
    return next((export for export in tool.exports if export.name == name), None)


def database_writes_csv():
    return connection.vendor == "postgresql"


def copy_csv_chunks(header, sql, params):
    """The CSV of `sql` written by PostgreSQL (COPY ... TO STDOUT), streamed a block at a time
    after a byte-order mark and `header` (as csv_chunks writes them)."""
    yield from csv_chunks([header])
    with connection.cursor() as cursor:
        statement = cursor.mogrify(f"COPY ({sql}) TO STDOUT (FORMAT csv, FORCE_QUOTE *)", params)
        # JIT-compiling a statement of a few hundred expressions costs more than it saves here.
        cursor.execute("SET jit = off")
        try:
            with cursor.cursor.copy(statement) as copy:
                for block in copy:
                    yield bytes(block)
        finally:
            cursor.execute("RESET jit")
