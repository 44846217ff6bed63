"""The authoring part: the list of consultations (the authoring part extends it: adding,
settings, the document and its import, questions, files and formats)."""

from django.shortcuts import redirect, render

from workspaces import permissions
from workspaces.kit.keyset import first_page_url, keyset_page
from workspaces.kit.views import crumbs, workspace_view

from . import selectors

LIST_ORDER = ("created_at", "id")


@workspace_view("consultations.view_consultation")
def index(request):
    user, workspace = request.user, request.workspace
    page = keyset_page(request, selectors.consultations(user, workspace), LIST_ORDER, descending=True)
    if page is None:
        return redirect(first_page_url(request))
    for consultation in page.object_list:
        consultation.workspace = workspace  # for its URLs: no query per row
    return render(request, "consultations/index.html", {
        "workspace": workspace, "page_obj": page, "crumbs": crumbs(request),
        "may_create": permissions.can(user, "consultations.create_consultation", workspace),
    })
