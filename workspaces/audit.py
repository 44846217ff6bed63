"""The audit API: security-relevant changes (roles, membership, settings) are written here."""

from .models import AuditEntry


def audit(*, actor, action, workspace=None, organisation=None, target=None, target_label="", before=None, after=None):
    """Append one audit entry. `action` is "<noun>.<verb>" ("membership.role_changed")."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=getattr(actor, "email", "") or "system",
        action=action,
        workspace=workspace,
        organisation=organisation or (workspace.organisation if workspace is not None else None),
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or (str(target) if target is not None else ""))[:254],
        before=before,
        after=after,
    )
