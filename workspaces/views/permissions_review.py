from ..permissions.decorators import workspace_view


@workspace_view("workspaces.review_permissions")
def permission_review(request):
    raise NotImplementedError
