"""The workspace home: the newest polls this person may see, and the open ones they have not
voted in (the managing part fills in waiting_for)."""

from workspaces import permissions
from workspaces.registry import HomeEntry

from .models import Poll


def latest(user, workspace, limit):
    polls = (permissions.visible(user, Poll.objects.filter(is_deleted=False), within=workspace)
             .defer("description", "description_html").order_by("-created_at", "-id")[:limit])
    return [HomeEntry(title=poll.question, url=poll.get_absolute_url(), note=poll.window_phrase() or "",
                      when=poll.created_at) for poll in polls]


def waiting_for(user, workspace, limit):
    return []
