from django import template

from workspaces.lib import files

register = template.Library()

_SHORT = {t.mime: t.label.split(" ", 1)[1] for t in (
    files.PDF, files.DOCX, files.XLSX, files.PPTX, files.ODT, files.ODS, files.ODP, files.OLE, files.RTF, files.ZIP,
    files.PNG, files.JPEG, files.GIF, files.WEBP)}
_SHORT.update({"text/plain": "text file", "text/csv": "CSV file", "text/tab-separated-values": "text file",
               "application/json": "JSON file"})


@register.filter
def file_kind(mime):
    """"application/pdf" -> "PDF": what kind of file, in words."""
    kind = _SHORT.get(mime, "file")
    return kind[:1].upper() + kind[1:]
