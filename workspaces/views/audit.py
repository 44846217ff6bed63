from ..permissions.decorators import workspace_view


@workspace_view("workspaces.view_audit")
def audit_log(request):
    raise NotImplementedError
