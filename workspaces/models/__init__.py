from .activity import Activity
from .audit import AuditEntry
from .draft import Draft, FormStash
from .feed_token import FeedToken
from .invitation import Invitation
from .items import Access, TitleKeyMixin, WorkspaceItem, title_key
from .licence import Licence, LicencePool, OrganisationMembership
from .mail import EmailStatus, OutboundEmail
from .membership import Membership, Role
from .organisation import Organisation
from .team import Team
from .workspace import Visibility, Workspace

__all__ = [
    "Access",
    "Activity",
    "AuditEntry",
    "Draft",
    "EmailStatus",
    "FormStash",
    "FeedToken",
    "Invitation",
    "Licence",
    "LicencePool",
    "Membership",
    "Organisation",
    "OrganisationMembership",
    "OutboundEmail",
    "Role",
    "Team",
    "TitleKeyMixin",
    "Visibility",
    "Workspace",
    "WorkspaceItem",
    "title_key",
]
from .reminder import Reminder  # noqa: E402,F401  (scheduled reminders; see workspaces.reminders)
