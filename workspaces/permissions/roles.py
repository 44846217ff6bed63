"""Roles mapped to capabilities, as data. Checks ask for a capability, never for a role."""

from ..models.membership import Role

# capability -> the lowest role that has it
CAPABILITY_MIN_ROLE = {
    "view": Role.READER,
    "view_members": Role.READER,
    "contribute": Role.CONTRIBUTOR,
    # The moderation queue: managers, and the members of the moderators team a manager named
    # (WorkspaceAccess.has adds them).
    "moderate": Role.MANAGER,
    # Every item, whatever it is limited to: see, change, delete (managers only).
    "manage_items": Role.MANAGER,
    "manage_members": Role.MANAGER,
    "manage_teams": Role.MANAGER,
    "change_settings": Role.MANAGER,
    "view_audit": Role.MANAGER,
    "review_permissions": Role.MANAGER,
    # Members' contact details (email addresses) wherever people are listed: see people.py.
    "see_member_contact": Role.MANAGER,
}

# Capabilities that change content or membership; refused in an archived (read-only) workspace.
# change_settings stays allowed so that a manager can un-archive.
WRITE_CAPABILITIES = {"contribute", "moderate", "manage_items", "manage_members", "manage_teams"}

# Workspace-level permission names (app "workspaces") -> capability.
WORKSPACE_PERMS = {
    "view_workspace": "view",
    "view_members": "view_members",
    "invite_members": "manage_members",
    "manage_members": "manage_members",
    "manage_teams": "manage_teams",
    "change_workspace": "change_settings",
    "view_audit": "view_audit",
    "review_permissions": "review_permissions",
    "see_member_contact": "see_member_contact",
}

# Giving someone a role in a workspace ("workspaces.grant_manager" etc.: inviting them with it,
# by any path): the right to invite (manage_members), and at least that role oneself, so nobody
# hands out more than they hold (site admins count as managers).
GRANT_PERMS = {f"grant_{role.name.lower()}": role for role in Role}


def grant_perm(role):
    """The permission to give `role` in a workspace: "workspaces.grant_contributor"."""
    return f"workspaces.grant_{Role(role).name.lower()}"


DENIAL_REASONS = {
    "view_members": "Only members of this workspace can see who else is in it.",
    "contribute": (
        "Readers can read but not add or change content. Ask a manager of this workspace for contributor access."
    ),
    "moderate": "Only this workspace's moderators can do this.",
    "manage_items": "Only managers of this workspace can do this.",
    "manage_members": "Only managers of this workspace can invite, change or remove members.",
    "manage_teams": "Only managers of this workspace can manage teams.",
    "change_settings": "Only managers of this workspace can change its settings.",
    "view_audit": "Only managers of this workspace can read its audit log.",
    "review_permissions": "Only managers of this workspace can review its permissions.",
    "see_member_contact": "Only managers of this workspace can see members' email addresses.",
}
ROLE_ABOVE_OWN_REASON = "Nobody can give a role above their own, and you are a {role} here."
ARCHIVED_REASON = "This workspace is archived: it is read-only, so nothing in it can be changed."
LICENCE_LAPSED_REASON = (
    "Your licence for {organisation} is not current, so you can read only what is public here. "
    "Ask an administrator of {organisation} to renew it."
)
