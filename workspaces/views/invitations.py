from ..permissions.decorators import public_view, workspace_view


@public_view
def invitation_accept(request, token):
    raise NotImplementedError


@workspace_view("workspaces.invite_members")
def invitation_list(request):
    raise NotImplementedError


@workspace_view("workspaces.invite_members")
def invitation_create(request):
    raise NotImplementedError


@workspace_view("workspaces.invite_members")
def invitation_bulk(request):
    raise NotImplementedError


@workspace_view("workspaces.invite_members")
def invitation_revoke(request, invitation_id):
    raise NotImplementedError
