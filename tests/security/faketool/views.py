from django.http import HttpResponse
from django.shortcuts import redirect

from tests.dummytool.models import Note
from workspaces.models import Workspace
from workspaces.permissions.decorators import public_view, workspace_view


@workspace_view("dummytool.view_note")
def index(request):
    return HttpResponse("Notes")


@workspace_view("dummytool.add_note")
def add(request):
    """Contributors add notes (keeps the rules: the decorator refuses everyone else)."""
    if request.method == "POST":
        Note.objects.create(workspace=request.workspace, created_by=request.user, title=request.POST["title"])
        return redirect("faketool:index", workspace=request.workspace.slug)
    return HttpResponse("A form")


@public_view
def leaky(request, workspace):
    """Ignores the tool switch, the archive and who is asking."""
    if request.method == "POST":
        Note.objects.create(workspace=Workspace.objects.get(slug=workspace), title="Leaked")
    return HttpResponse("Anything goes")
