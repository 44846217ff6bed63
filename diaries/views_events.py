"""Diaries and events (the events part fills this in)."""

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone

from workspaces.kit.views import crumbs, workspace_view
from workspaces.permissions import visible

from . import selectors
from .models import Diary


@workspace_view("diaries.view_diary")
def index(request):
    workspace = request.workspace
    diaries = visible(request.user, Diary.objects.filter(is_deleted=False), within=workspace)
    return render(request, "diaries/index.html", {"workspace": workspace, "diaries": list(diaries[:100]),
                                                  "crumbs": crumbs(request)})


@workspace_view("diaries.view_diary")
def diary(request, pk):
    workspace = request.workspace
    found = selectors.get_diary(request.user, workspace, pk)
    now = timezone.now()
    events = selectors.events_between(request.user, now, now + timedelta(days=60), diaries=[found],
                                      workspace=workspace)
    return render(request, "diaries/diary.html", {"workspace": workspace, "diary": found, "item": found,
                                                  "events": list(events[:100]),
                                                  "crumbs": crumbs(request, (found.title, ""))})


@workspace_view("diaries.view_diary")
def event(request, pk):
    workspace = request.workspace
    found = selectors.get_event(request.user, workspace, pk)
    return render(request, "diaries/event.html", {
        "workspace": workspace, "event": found, "item": found,
        "crumbs": crumbs(request, (found.diary.title, found.diary.get_absolute_url()), (found.title, "")),
    })
