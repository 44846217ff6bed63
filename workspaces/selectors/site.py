"""Reads for the site admins' home: every workspace and every organisation, a page at a time."""

from django.db.models import Count

from ..models import Organisation, Workspace


def all_workspaces():
    """Every workspace with its organisation, by name (a page is read with its COUNT: two queries)."""
    return Workspace.objects.select_related("organisation").order_by("name", "pk")


def all_organisations():
    """Every organisation with its number of workspaces, by name."""
    return Organisation.objects.annotate(workspace_count=Count("workspaces")).order_by("name", "pk")
