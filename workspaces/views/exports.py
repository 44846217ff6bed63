"""The core's download of what a tool declares in Tool(exports=...): streamed CSV or XLSX of the
rows the person may see, audited (an export takes many items out of the workspace at once)."""

from django.http import Http404
from django.utils import timezone

from .. import registry
from ..audit import audit
from ..kit.exports import FORMATS, find
from ..lib.exports import csv_response, xlsx_response
from ..permissions import require
from ..permissions.decorators import workspace_view


@workspace_view("workspaces.view_workspace")
def tool_export(request, tool, name, file_format):
    workspace = request.workspace
    found = registry.get(tool)
    export = find(found, name) if found is not None and workspace.tool_enabled(tool) else None
    if export is None or file_format not in FORMATS:
        raise Http404("No such download.")
    require(request.user, export.perm, workspace)
    audit(actor=request.user, action="export.downloaded", workspace=workspace, target=workspace,
          after={"tool": tool, "export": name, "format": file_format})
    rows = export.rows(request.user, workspace)
    filename = f"{workspace.slug}-{name}-{timezone.localdate().isoformat()}.{file_format}"
    if file_format == "csv":
        return csv_response(rows, filename=filename)
    return xlsx_response(rows, filename=filename, sheet_title=export.sheet_title or export.label)
