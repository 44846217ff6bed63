"""Reads for notifications."""

from django.db.models import Q

from workspaces.models import Visibility
from workspaces.permissions.access import licensed_memberships

from .models import Notification
from .visibility import visible_notification_ids


def _in_reach(user):
    """Workspaces the person can still see (licensed member, or public): one SQL condition."""
    if user.is_site_admin:
        return Q()
    return Q(workspace__in=licensed_memberships(user.pk).values("workspace_id")) | Q(
        workspace__visibility=Visibility.PUBLIC
    )


def unread_count(user):
    """Unread notifications from workspaces the person can still see: one query (the bell).
    Item-level limits are applied on the list page, where each row is shown or not."""
    return Notification.objects.filter(_in_reach(user), recipient=user, read_at__isnull=True).count()


def notifications_for(user, unread_only=False):
    qs = Notification.objects.filter(_in_reach(user), recipient=user).select_related(
        "activity", "activity__actor", "workspace"
    )
    return qs.filter(read_at__isnull=True) if unread_only else qs


def shown(user, notifications):
    """Those of a page of notifications the person may see now (items may have been limited
    or deleted since): a fixed number of queries for the page."""
    notifications = list(notifications)
    ids = visible_notification_ids({user.pk: user}, notifications)
    return [n for n in notifications if n.pk in ids]
