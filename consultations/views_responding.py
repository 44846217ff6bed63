"""The responding part: the consultation's page (the responding part builds the document with
its per-paragraph buttons, sections, the response and the receipt)."""

from django.shortcuts import render

from workspaces.kit.views import crumbs, with_item, workspace_view

from . import selectors


@workspace_view("consultations.view_consultation")
@with_item(selectors.get_consultation, "consultations.view_consultation")
def consultation(request, consultation):
    sections = consultation.sections.prefetch_related("paragraphs")
    return render(request, "consultations/consultation.html", {
        "workspace": request.workspace, "consultation": consultation, "sections": sections,
        "crumbs": crumbs(request, (consultation.title, "")),
    })
