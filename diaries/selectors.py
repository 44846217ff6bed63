"""Reading diaries and events: every list goes through the permission layer.

    get_diary(user, workspace, pk), get_event(user, workspace, pk)   (404 for what is not theirs to see)
    events_between(user, start, end, diaries=None, workspace=None)   the events (not occurrences)
        whose span overlaps [start, end): an indexed range query; expand them with
        recurrence.expand(events, start, end)"""

from django.db.models import Q

from workspaces.kit.selectors import get_item
from workspaces.permissions import visible

from .models import Diary, Event


def get_diary(user, workspace, pk, perm="diaries.view_diary", deleted="hide"):
    return get_item(user, Diary.objects.filter(workspace=workspace, pk=pk), perm, deleted=deleted,
                    workspace=workspace)


def get_event(user, workspace, pk, perm="diaries.view_event"):
    found = Event.objects.select_related("diary").filter(workspace=workspace, pk=pk, diary__is_deleted=False).first()
    if found is not None:
        found.diary.workspace = workspace
    return get_item(user, found, perm, workspace=workspace)


def overlapping(queryset, start, end):
    return queryset.filter(Q(span_end__isnull=True) | Q(span_end__gt=start), span_start__lt=end)


def events_between(user, start, end, diaries=None, workspace=None):
    queryset = Event.objects.filter(diary__is_deleted=False).select_related("diary", "workspace")
    if diaries is not None:
        queryset = queryset.filter(diary__in=diaries)
    queryset = visible(user, overlapping(queryset, start, end), within=workspace) if workspace is not None \
        else visible(user, overlapping(queryset, start, end))
    return queryset.order_by("span_start", "id")
