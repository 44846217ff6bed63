"""Reads for notifications."""

from django.db.models import Q

from workspaces.models import Visibility
from workspaces.permissions.access import licensed_memberships

from .models import Notification
from .visibility import visible_ids_within, visible_notification_ids


def _in_reach(user):
    """Workspaces the person can still see (licensed member, or public): one SQL condition."""
    if user.is_site_admin:
        return Q()
    return Q(workspace__in=licensed_memberships(user.pk).values("workspace_id")) | Q(
        workspace__visibility=Visibility.PUBLIC
    )


BELL_CAP = 99  # past this the bell says "99+"


def unread_count(user, cap=BELL_CAP):
    """The bell's count: the unread notifications the person may see now, of their newest
    cap + 1 unread ones (one query), asked of the permission layer all at once (visible_pairs:
    a fixed number of queries), so an item limited, deleted or left since is never counted.
    Above `cap` the bell shows "99+"; hidden ones among the newest can make it count fewer
    than the older visible ones would add, never more."""
    newest = (
        Notification.objects.filter(_in_reach(user), recipient=user, read_at__isnull=True)
        .select_related("activity")
        .only("pk", "recipient_id", "workspace_id", "activity__target_type_id", "activity__target_id")
        .order_by("-created_at", "-id")[: cap + 1]
    )
    return len(shown(user, newest))


def notifications_for(user, unread_only=False):
    qs = Notification.objects.filter(_in_reach(user), recipient=user).select_related(
        "activity", "activity__actor", "workspace"
    )
    return qs.filter(read_at__isnull=True) if unread_only else qs


def shown(user, notifications, within=None):
    """Those of a page of notifications the person may see now (items may have been limited
    or deleted since): a fixed number of queries for the page. `within`: they are all of this
    workspace (decided from the person's access there: fewer, simpler queries)."""
    notifications = list(notifications)
    if within is not None:
        ids = visible_ids_within(user, within, notifications)
    else:
        ids = visible_notification_ids({user.pk: user}, notifications)
    return [n for n in notifications if n.pk in ids]


def followed_ids(*, user, model):
    """Ids of the rows of `model` that `user` follows, as a subquery (kit.follows.followed_by)."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Follow

    type_id = ContentType.objects.get_for_model(model).pk
    return Follow.objects.filter(user=user.pk, target_type_id=type_id).values("target_id")
