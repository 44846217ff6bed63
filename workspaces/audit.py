"""The audit API: security-relevant changes (roles, membership, settings) are written here."""

from .models import AuditEntry


def audit_entry(*, actor, action, workspace=None, organisation=None, target=None, target_label="", before=None,
                after=None):
    """An unsaved entry, for services that write many at once with AuditEntry.objects.bulk_create()."""
    return AuditEntry(
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


def audit(*, actor, action, workspace=None, organisation=None, target=None, target_label="", before=None, after=None):
    """Append one audit entry. `action` is "<noun>.<verb>" ("membership.role_changed")."""
    entry = audit_entry(actor=actor, action=action, workspace=workspace, organisation=organisation, target=target,
                        target_label=target_label, before=before, after=after)
    entry.save()
    return entry
