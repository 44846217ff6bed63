"""Reads for surveys. Every list starts from the permission layer's visible(..., within=)."""

from workspaces import permissions
from workspaces.kit.selectors import get_item, number_or_404

from .models import Survey


def surveys(user, workspace):
    """The surveys the person may see, newest first."""
    return (permissions.visible(user, Survey.objects.all(), within=workspace)
            .filter(is_deleted=False).select_related("live_version", "created_by"))


def get_survey(user, workspace, pk, perm="surveys.view_survey", deleted="hide"):
    found = Survey.objects.filter(workspace=workspace, pk=number_or_404(pk)).select_related(
        "created_by", "live_version", "draft_version")
    return get_item(user, found, perm, deleted=deleted, workspace=workspace)
