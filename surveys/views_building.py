"""The builder's pages (owned by the building work)."""

from django.shortcuts import render

from workspaces.kit.views import crumbs, workspace_view

from . import selectors


@workspace_view("surveys.view_survey")
def index(request):
    return render(request, "surveys/index.html", {
        "workspace": request.workspace, "surveys": selectors.surveys(request.user, request.workspace)[:50],
        "crumbs": crumbs(request),
    })
