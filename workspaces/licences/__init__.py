"""Licences, a bounded part of the core: an organisation's pools of seats, who holds one, its
organisation admins, and the pages, exports, uploads and reminders that go with them.

This module is its public API: the rest of the core imports licences only from here (and
workspaces/urls.py includes `workspaces.licences.urls`; workspaces/tasks.py re-exports
`workspaces.licences.tasks` for Celery); tests/test_architecture.py keeps it so. Inside, as in
the core: services.py (writes, audited), bulk.py and upload.py (many people from a CSV file),
selectors.py (reads), forms.py, views.py, urls.py, tasks.py (the daily reminders, written to
the outbox) and emails.py (their mail kinds, MAIL_KINDS, registered by the core's AppConfig). Templates stay in
templates/workspaces/licence_*.html.

Two things stay outside on purpose. The models (workspaces/models/licence.py) are the app's
schema like every other model, read by the permission layer too. And whether someone holds a
current licence when they open a workspace is the permission layer's check
(`workspaces.permissions.access.licence_ok`, in the same single query as their membership).
"""

from .emails import MAIL_KINDS
from .forms import PoolChoiceField
from .selectors import (
    addresses_without_licence,
    has_current_licence,
    is_licence_admin,
    licence_contact_text,
    licence_problem,
    open_pools,
    organisation_admins,
    organisations_administered,
)
from .services import (
    LicenceError,
    assign_seats,
    claim_on_sign_in,
    claim_pending_licences,
    licence_assign,
    licence_release,
    organisation_admin_set,
    pool_create,
    pool_update,
)

__all__ = [
    "MAIL_KINDS",
    "LicenceError",
    "PoolChoiceField",
    "assign_seats",
    "addresses_without_licence",
    "is_licence_admin",
    "open_pools",
    "organisation_admins",
    "claim_on_sign_in",
    "claim_pending_licences",
    "has_current_licence",
    "licence_assign",
    "licence_contact_text",
    "licence_problem",
    "licence_release",
    "organisation_admin_set",
    "organisations_administered",
    "pool_create",
    "pool_update",
]

