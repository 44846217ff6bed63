from workspaces.permissions.decorators import workspace_view


@workspace_view("links.view_link", tool="links")
def index(request):
    raise NotImplementedError
