"""What the moderation app adds to pages it does not own: the moderators' "Moderation (4)" in
the header of a workspace's pages, and the reminder on the workspace's home."""

from workspaces.models import Workspace
from workspaces.permissions import access_for

from .header_count import header_count


def header(request):
    """For a workspace's moderators, on its pages: the queue and its count (cached: header_count)."""
    workspace = getattr(request, "workspace", None)
    if workspace is None or not request.user.is_authenticated:
        return None
    access = access_for(request.user, workspace)
    if not access.has("moderate"):
        return None
    return {"moderation_workspace": workspace, "moderation_count": header_count(access)}


def reminder(request, item):
    """On a workspace's home, for its moderators: how many items wait for them."""
    if not isinstance(item, Workspace) or not request.user.is_authenticated:
        return None
    access = access_for(request.user, item)
    if not access.has("moderate"):
        return None
    waiting = header_count(access)
    return {"workspace": item, "waiting": waiting} if waiting else None
