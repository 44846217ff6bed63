from . import registry


def engage(request):
    """Navigation for the current workspace (set by workspace_view), built from the registry."""
    workspace = getattr(request, "workspace", None)
    return {
        "current_workspace": workspace,
        "workspace_tools": registry.enabled_tools(workspace) if workspace is not None else [],
        "access": getattr(request, "access", None),
    }
