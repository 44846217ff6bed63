"""Plain builder functions for test data (fixed, readable values; no randomness)."""

import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from workspaces import registry
from workspaces.models import Membership, Organisation, Role, Visibility, Workspace
from workspaces.services.memberships import membership_add
from workspaces.services.teams import team_create, team_set_members

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


def make_user(email=None, name="", site_admin=False, **extra):
    email = email or f"person{next(_counter)}@example.org"
    user = get_user_model().objects.create_user(
        email, PASSWORD, display_name=name or email.split("@")[0].title(), is_superuser=site_admin,
        is_staff=site_admin, **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_organisation(name="Department of Tests", slug=None):
    return Organisation.objects.create(name=name, slug=slug or f"org-{next(_counter)}")


def make_workspace(name="Test programme", slug=None, visibility=Visibility.PRIVATE, organisation=None, **extra):
    extra.setdefault("enabled_tools", [t.slug for t in registry.all_tools()])
    return Workspace.objects.create(
        organisation=organisation or make_organisation(),
        name=name,
        slug=slug or f"ws-{next(_counter)}",
        visibility=visibility,
        **extra,
    )


def add_member(workspace, user, role=Role.READER):
    return membership_add(actor=None, workspace=workspace, user=user, role=role)


def make_team(workspace, name="Task force", members=()):
    team = team_create(actor=None, workspace=workspace, name=name)
    if members:
        team_set_members(actor=None, team=team, add_users=members)
    return team


def membership(workspace, user):
    return Membership.objects.get(workspace=workspace, user=user)
