"""Writes for membership: add, change role, remove. The last manager cannot be lost."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from ..audit import audit
from ..models import Membership, Role, Team, Workspace
from ..permissions import forget


class LastManagerError(ValidationError):
    pass


LAST_MANAGER_MESSAGE = (
    "A workspace must always have at least one manager. Make someone else a manager first."
)


@transaction.atomic
def membership_add(*, actor, workspace, user, role=Role.READER):
    """Add a member, or raise their role if they are already one (never lowers it). Idempotent."""
    membership, created = Membership.objects.get_or_create(workspace=workspace, user=user, defaults={"role": role})
    if created:
        Workspace.objects.filter(pk=workspace.pk).update(member_count=F("member_count") + 1)
        audit(actor=actor, action="membership.added", workspace=workspace, target=membership,
              target_label=user.email, after={"role": Role(role).label})
    elif role > membership.role:
        membership_change_role(actor=actor, membership=membership, role=role)
    forget(user)
    return membership


def _lock_managers(workspace):
    # Lock the workspace row: concurrent demotions/removals of managers queue up here.
    Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
    return Membership.objects.filter(workspace=workspace, role=Role.MANAGER).count()


@transaction.atomic
def membership_change_role(*, actor, membership, role):
    role = Role(int(role))
    membership = Membership.objects.select_related("user", "workspace").get(pk=membership.pk)
    if membership.role == role:
        return membership
    if membership.role == Role.MANAGER and _lock_managers(membership.workspace) <= 1:
        raise LastManagerError(LAST_MANAGER_MESSAGE)
    before = Role(membership.role).label
    membership.role = role
    membership.save(update_fields=["role"])
    audit(actor=actor, action="membership.role_changed", workspace=membership.workspace, target=membership,
          target_label=membership.user.email, before={"role": before}, after={"role": role.label})
    forget(membership.user)
    return membership


@transaction.atomic
def membership_remove(*, actor, membership):
    membership = Membership.objects.select_related("user", "workspace").get(pk=membership.pk)
    workspace = membership.workspace
    if membership.role == Role.MANAGER and _lock_managers(workspace) <= 1:
        raise LastManagerError(LAST_MANAGER_MESSAGE)
    user = membership.user
    # Leaving a workspace means leaving its teams too.
    for team in Team.objects.filter(workspace=workspace, group__user=user):
        team.group.user_set.remove(user)
    audit(actor=actor, action="membership.removed", workspace=workspace, target=membership,
          target_label=user.email, before={"role": Role(membership.role).label})
    membership.delete()
    Workspace.objects.filter(pk=workspace.pk).update(member_count=F("member_count") - 1)
    forget(user)
