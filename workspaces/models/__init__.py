from .activity import Activity
from .audit import AuditEntry
from .invitation import Invitation
from .items import Access, WorkspaceItem
from .membership import Membership, Role
from .organisation import Organisation
from .team import Team
from .workspace import Visibility, Workspace

__all__ = [
    "Access",
    "Activity",
    "AuditEntry",
    "Invitation",
    "Membership",
    "Organisation",
    "Role",
    "Team",
    "Visibility",
    "Workspace",
    "WorkspaceItem",
]
