from ..permissions.decorators import workspace_view


@workspace_view("workspaces.view_members")
def team_list(request):
    raise NotImplementedError


@workspace_view("workspaces.manage_teams")
def team_create(request):
    raise NotImplementedError


@workspace_view("workspaces.view_members")
def team_detail(request, team_id):
    raise NotImplementedError


@workspace_view("workspaces.manage_teams")
def team_edit(request, team_id):
    raise NotImplementedError


@workspace_view("workspaces.manage_teams")
def team_delete(request, team_id):
    raise NotImplementedError
