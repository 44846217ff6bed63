"""Reads for the workspace pages: the workspaces someone belongs to, public ones to join, and a
workspace's recent activity. Visibility always comes from the permission layer."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, ExpressionWrapper

from .. import permissions
from ..models import Activity, Membership, Visibility, Workspace
from ..permissions.access import licence_ok


def workspaces_for(user):
    """Workspaces the user belongs to, each with `licence_ok` (False while their licence for
    its organisation is not current: they are shown it, and why they cannot get in)."""
    mine = (
        Workspace.objects.filter(memberships__user=user)
        .select_related("organisation")
        .annotate(licence_ok=ExpressionWrapper(licence_ok(user.pk, "organisation"), output_field=BooleanField()))
        .order_by("name")
    )
    return mine


def public_workspaces_not_joined(user):
    qs = Workspace.objects.filter(visibility=Visibility.PUBLIC).select_related("organisation")
    if user.is_authenticated:
        qs = qs.exclude(pk__in=Membership.objects.filter(user=user).values("workspace_id"))
    return qs.order_by("name")


def recent_activity(user, workspace, limit=20, before_id=None):
    """The latest activity in a workspace that the user may see, newest first, and where the
    next ("Older activity") page starts: `(activities, next_before)`, next_before None at the end.

    Bounded cost whatever the volume, in this workspace or any other: one query for a window of
    recent rows, `WHERE workspace = … AND id < before ORDER BY id DESC LIMIT n`, read straight off
    the (workspace, -id) index (activity_ws_newest_idx; ids follow creation order, and unlike
    timestamps never tie, so the keyset is exact), then one visibility query per kind of target
    (per tool model), never per row.
    """
    qs = Activity.objects.filter(workspace=workspace).select_related("actor")
    if before_id:
        qs = qs.filter(id__lt=before_id)
    window_size = limit * 3
    window = list(qs.order_by("-id")[:window_size])
    ids_by_type = defaultdict(set)
    for activity in window:
        if activity.target_type_id:
            ids_by_type[activity.target_type_id].add(activity.target_id)
    allowed = set()
    for type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        seen = permissions.visible(user, model._default_manager.filter(pk__in=ids), within=workspace).values_list(
            "pk", flat=True)
        allowed.update((type_id, pk) for pk in seen)
    shown = [a for a in window if not a.target_type_id or (a.target_type_id, a.target_id) in allowed]
    if len(shown) > limit:
        return shown[:limit], shown[limit - 1].id
    # A full window may hide older rows the reader can see: the next page starts past the whole
    # window (not the last shown row), so a run of hidden rows never ends the paging early.
    return shown, (window[-1].id if len(window) == window_size else None)
