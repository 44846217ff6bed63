"""A risk's page (the risk part fills this in)."""

from django.shortcuts import render

from workspaces.kit.views import crumbs, workspace_view

from . import selectors


@workspace_view("risks.view_register")
def risk(request, register, number):
    workspace = request.workspace
    found = selectors.get_risk(request.user, workspace, register, number)
    return render(request, "risks/risk.html", {
        "workspace": workspace, "risk": found, "item": found,
        "crumbs": crumbs(request, (found.register.title, found.register.get_absolute_url()), (found.reference, "")),
    })
