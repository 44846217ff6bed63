"""The notifications app's part of "Waiting for you" on the workspace home (a WaitingSource):
this person's unread notifications in the workspace (mentions, replies, changes to what they
follow), only those whose item they may still see."""

from django.urls import reverse

from workspaces.activity import actor_name
from workspaces.registry import HomeEntry

from .selectors import notifications_for, shown

WHY = {"mentioned": "mentioned you", "addressed": "for you", "followers": "you follow this"}


def waiting_entries(user, workspace, limit):
    """At most `limit` unread notifications here, newest first: one query for a window of them and
    visible_pairs' fixed few, whatever the person has piled up."""
    window = (notifications_for(user, unread_only=True).filter(workspace=workspace)
              .order_by("-created_at", "-id")[: limit * 3])
    entries = []
    for notification in shown(user, window, within=workspace)[:limit]:
        activity = notification.activity
        who = actor_name(activity)
        what = " ".join(part for part in (who, activity.summary) if part)
        why = WHY.get(notification.reason, "")
        entries.append(HomeEntry(
            title=activity.target_title or "An update",
            url=activity.target_url or reverse("notifications:index"),
            note=" · ".join(part for part in (what, why) if part),
            when=activity.created_at,
        ))
    return entries
