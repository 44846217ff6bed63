"""Registers: the list, the register table (the register part fills this in)."""

from django.shortcuts import render

from workspaces.kit.views import crumbs, workspace_view
from workspaces.permissions import visible

from . import selectors
from .models import Register


@workspace_view("risks.view_register")
def index(request):
    workspace = request.workspace
    registers = visible(request.user, Register.objects.filter(is_deleted=False), within=workspace)
    return render(request, "risks/index.html", {"workspace": workspace, "registers": list(registers[:100]),
                                                "crumbs": crumbs(request)})


@workspace_view("risks.view_register")
def register(request, pk):
    workspace = request.workspace
    found = selectors.get_register(request.user, workspace, pk)
    return render(request, "risks/register.html", {
        "workspace": workspace, "register": found, "item": found,
        "risks": list(selectors.risks_of(request.user, found)[:500]), "crumbs": crumbs(request, (found.title, "")),
    })
