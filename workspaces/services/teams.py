"""Writes for teams: a team is a named group of members inside one workspace."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from ..audit import audit
from ..models import Membership, Team


@transaction.atomic
def team_create(*, actor, workspace, name, description=""):
    if Team.objects.filter(workspace=workspace, name__iexact=name).exists():
        raise ValidationError({"name": "This workspace already has a team with that name."})
    group = Group.objects.create(name=f"ws{workspace.pk}:{name}"[:150])
    team = Team.objects.create(workspace=workspace, name=name, description=description, group=group)
    audit(actor=actor, action="team.created", workspace=workspace, target=team, after={"name": name})
    return team


@transaction.atomic
def team_update(*, actor, team, name, description=""):
    if Team.objects.filter(workspace=team.workspace, name__iexact=name).exclude(pk=team.pk).exists():
        raise ValidationError({"name": "This workspace already has a team with that name."})
    before = {"name": team.name, "description": team.description}
    team.name, team.description = name, description
    team.save(update_fields=["name", "description"])
    audit(actor=actor, action="team.changed", workspace=team.workspace, target=team, before=before,
          after={"name": name, "description": description})
    return team


@transaction.atomic
def team_delete(*, actor, team):
    audit(actor=actor, action="team.deleted", workspace=team.workspace, target=team, before={"name": team.name})
    group = team.group
    team.delete()
    group.delete()  # also drops the team's per-item grants (guardian rows cascade)


@transaction.atomic
def team_set_members(*, actor, team, add_users=(), remove_users=()):
    """Add and remove members of the team. Only workspace members can be added."""
    add_ids = set(
        Membership.objects.filter(workspace=team.workspace, user__in=[u.pk for u in add_users]).values_list(
            "user_id", flat=True
        )
    )
    if add_ids:
        team.group.user_set.add(*add_ids)
    remove_ids = [u.pk for u in remove_users]
    if remove_ids:
        team.group.user_set.remove(*remove_ids)
    if add_ids or remove_ids:
        audit(actor=actor, action="team.members_changed", workspace=team.workspace, target=team,
              after={"added": len(add_ids), "removed": len(remove_ids)})
