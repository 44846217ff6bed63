"""What the moderation app adds to pages it does not own: the moderators' "Moderation (4)" in
the header of a workspace's pages, and the reminder on the workspace's home."""

from workspaces.models import Workspace
from workspaces.permissions import access_for

from .selectors import waiting_count


def header(request):
    """For a workspace's moderators, on its pages: the queue and its count (one indexed query)."""
    workspace = getattr(request, "workspace", None)
    if workspace is None or not request.user.is_authenticated:
        return None
    access = access_for(request.user, workspace)
    if not access.has("moderate"):
        return None
    return {"moderation_workspace": workspace, "moderation_count": waiting_count(access)}


def reminder(request, item):
    """On a workspace's home, for its moderators: how many items wait for them."""
    if not isinstance(item, Workspace) or not request.user.is_authenticated:
        return None
    access = access_for(request.user, item)
    if not access.has("moderate"):
        return None
    waiting = waiting_count(access)
    return {"workspace": item, "waiting": waiting} if waiting else None
