"""A poll's page and voting (the voting part fills this in)."""

from django.shortcuts import render

from workspaces.kit.views import crumbs, workspace_view

from . import selectors


@workspace_view("polls.view_poll")
def poll(request, pk):
    workspace = request.workspace
    found = selectors.get_poll(request.user, workspace, pk)
    return render(request, "polls/poll.html", {
        "workspace": workspace, "poll": found, "item": found, "crumbs": crumbs(request, (found.question, "")),
    })
