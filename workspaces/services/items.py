"""Shared writes for any tool's WorkspaceItem: team limits on viewing and changing."""

from guardian.shortcuts import assign_perm, get_groups_with_perms, remove_perm

from ..models import Access


def set_item_teams(item, *, view_teams=(), change_teams=()):
    """Grant the chosen teams view/change on this item (guardian group-object permissions),
    and withdraw it from teams no longer chosen. Call inside the item's save transaction.

    Grants only mean something while the matching level (view_access / change_access) is
    "teams": for any other level the teams given are ignored and stale grants withdrawn."""
    if item.view_access != Access.TEAMS:
        view_teams = ()
    if item.change_access != Access.TEAMS:
        change_teams = ()
    model_name = item._meta.model_name
    for action, teams in (("view", view_teams), ("change", change_teams)):
        codename = f"{action}_{model_name}"
        wanted = {team.group for team in teams}
        current = {g for g, perms in get_groups_with_perms(item, attach_perms=True).items() if codename in perms}
        for group in wanted - current:
            assign_perm(codename, group, item)
        for group in current - wanted:
            remove_perm(codename, group, item)


def item_teams(item, action):
    """The teams granted `action` ("view" or "change") on this item."""
    from ..models import Team

    codename = f"{action}_{item._meta.model_name}"
    groups = [g for g, perms in get_groups_with_perms(item, attach_perms=True).items() if codename in perms]
    return list(Team.objects.filter(group__in=groups))
