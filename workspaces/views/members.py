from ..permissions.decorators import workspace_view


@workspace_view("workspaces.view_members")
def member_list(request):
    raise NotImplementedError


@workspace_view("workspaces.manage_members")
def member_edit(request, membership_id):
    raise NotImplementedError


@workspace_view("workspaces.manage_members")
def member_remove(request, membership_id):
    raise NotImplementedError
