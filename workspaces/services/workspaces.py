"""Writes for organisations and workspaces. Keyword-only, atomic, audited."""

from django.db import transaction
from django.utils import timezone

from .. import registry
from ..audit import audit
from ..models import Role, Workspace
from .memberships import membership_add

SETTINGS_FIELDS = ["name", "description", "visibility", "enabled_tools", "is_archived", "embed_origins"]


def _snapshot(workspace):
    return {f: getattr(workspace, f) for f in SETTINGS_FIELDS}


@transaction.atomic
def workspace_create(*, actor, organisation, name, slug, description="", visibility="private", enabled_tools=None):
    """Create a workspace; its creator becomes its first manager."""
    if enabled_tools is None:
        enabled_tools = [tool.slug for tool in registry.all_tools()]
    workspace = Workspace.objects.create(
        organisation=organisation,
        name=name,
        slug=slug,
        description=description,
        visibility=visibility,
        enabled_tools=list(enabled_tools),
        created_by=actor,
    )
    audit(actor=actor, action="workspace.created", workspace=workspace, target=workspace, after=_snapshot(workspace))
    membership_add(actor=actor, workspace=workspace, user=actor, role=Role.MANAGER)
    return workspace


@transaction.atomic
def workspace_update(*, actor, workspace, **changes):
    """Change settings (name, description, visibility, enabled tools, archived, sites that may embed
    its widgets); audited."""
    locked = Workspace.objects.select_for_update().get(pk=workspace.pk)
    before = _snapshot(locked)
    for field, value in changes.items():
        if field not in SETTINGS_FIELDS:
            raise ValueError(f"{field} is not a workspace setting.")
        setattr(locked, field, value)
    locked.save()
    after = _snapshot(locked)
    changed = {k for k in SETTINGS_FIELDS if before[k] != after[k]}
    if changed:
        action = "workspace.settings_changed"
        if changed == {"is_archived"}:
            action = "workspace.archived" if locked.is_archived else "workspace.unarchived"
        audit(
            actor=actor,
            action=action,
            workspace=locked,
            target=locked,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return locked


def checklist_dismiss(*, actor, workspace):
    """Put away the home's getting-started checklist for good (a manager's choice); audited."""
    updated = Workspace.objects.filter(pk=workspace.pk, checklist_dismissed_at__isnull=True).update(
        checklist_dismissed_at=timezone.now())
    if updated:
        workspace.checklist_dismissed_at = Workspace.objects.values_list("checklist_dismissed_at", flat=True).get(
            pk=workspace.pk)
        audit(actor=actor, action="workspace.checklist_dismissed", workspace=workspace, target=workspace)
    return workspace
