"""Reads for consultations. Every list starts from the permission layer's visible(..., within=)."""

from workspaces import permissions
from workspaces.kit.selectors import get_item, number_or_404

from .models import Comment, Consultation


def consultations(user, workspace):
    """The consultations the person may see (drafts only for whoever may run them), newest first."""
    return (permissions.visible(user, Consultation.objects.all(), within=workspace)
            .filter(is_deleted=False).select_related("created_by"))


def get_consultation(user, workspace, pk, perm="consultations.view_consultation", deleted="hide"):
    found = Consultation.objects.filter(workspace=workspace, pk=number_or_404(pk)).select_related("created_by")
    return get_item(user, found, perm, deleted=deleted, workspace=workspace)


def comments_seen(user, consultation):
    """The comments of a consultation this person may read (CommentPolicy: the public ones, their
    own, every one for analysts and moderators)."""
    return permissions.visible(user, Comment.objects.all(), within=consultation)
