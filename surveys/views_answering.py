"""The respondent's pages (owned by the answering work)."""

from django.shortcuts import render

from workspaces.kit.views import crumbs, with_item, workspace_view

from . import selectors


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, "surveys.view_survey")
def survey(request, survey):
    return render(request, "surveys/survey.html", {
        "workspace": request.workspace, "survey": survey, "crumbs": crumbs(request, (survey.title, "")),
    })
