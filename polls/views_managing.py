"""Managing polls (the managing part fills this in)."""

from django.shortcuts import render

from workspaces.kit.views import crumbs, workspace_view

from . import selectors


@workspace_view("polls.view_poll")
def index(request):
    workspace = request.workspace
    return render(request, "polls/index.html", {
        "workspace": workspace, "polls": list(selectors.visible_polls(request.user, workspace)[:50]),
        "crumbs": crumbs(request),
    })
