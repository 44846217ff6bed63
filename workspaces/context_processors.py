from . import registry
from .permissions.decorators import current_tool


def engage(request):
    """Navigation for the current workspace (set by workspace_view) and the current tool, built
    from the registry."""
    workspace = getattr(request, "workspace", None)
    return {
        "current_workspace": workspace,
        "workspace_tools": registry.enabled_tools(workspace) if workspace is not None else [],
        "access": getattr(request, "access", None),
        "current_tool": current_tool(request) if workspace is not None else None,
    }
