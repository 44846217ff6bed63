"""Whose contact details a person may see: ONE rule for every page that lists people (members,
teams, reviewers, authors, invitations, licences, failed email). Templates ask it through
`{% person user place %}`, `{% contact user place %}` and `{% sees_contacts place as ... %}`
(workspaces.templatetags.engage); tests/test_architecture.py refuses a template that prints an
email address any other way.

An email address is shown to:
- the person themselves, always;
- site admins, everywhere;
- in a workspace: whoever holds "workspaces.see_member_contact" there (its managers, whose
  licence is current; an archived workspace's managers too: it is not a change);
- on an organisation's licence pages: its organisation admins.
Everyone else sees names only (User.name: the display name, else the part of the address
before the @, which is also the @mention handle that every member may type).
"""

from ..models import Organisation, Workspace
from .access import is_organisation_admin
from .policies import policy_for

CONTACT_PERM = "workspaces.see_member_contact"


def sees_contacts(viewer, place=None):
    """Whether `viewer` may see the email addresses of the people listed in `place` (a
    workspace, an organisation, or None for site-wide pages)."""
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return False
    if viewer.is_site_admin:
        return True
    if isinstance(place, Workspace):
        return policy_for(Workspace).decide(viewer, CONTACT_PERM, place).allowed
    if isinstance(place, Organisation):
        return is_organisation_admin(viewer, place)
    return False


def sees_contact(viewer, person, place=None):
    """Whether `viewer` may see `person`'s email address in `place`: their own always, else
    sees_contacts()."""
    if person is None or viewer is None or not viewer.is_authenticated:
        return False
    return viewer.pk == person.pk or sees_contacts(viewer, place)
