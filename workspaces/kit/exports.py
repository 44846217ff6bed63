"""Downloads a tool offers of its items, declared in its Tool(exports=...) and served by the
core at /w/<workspace>/export/<tool>/<name>.csv (or .xlsx): streamed a chunk of rows at a time
(workspaces.lib.exports: CSV-injection-safe, XLSX through openpyxl's write-only workbook),
audited, and limited to what the person may see.

    Export(name="links", label="All links", perm="links.view_link", rows=selectors.export_rows)

rows(user, workspace) returns the header row, then one row per item: build it from
workspaces.permissions.visible() and iterate it (queryset.iterator(chunk_size=...)), so that
nothing is held in memory and nothing hidden is exported.
"""

from dataclasses import dataclass, field

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
