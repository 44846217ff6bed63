"""Managers are warned of what follows before removing themselves or releasing their own
licence; licence pages link back to the workspaces they open."""

import pytest
from django.urls import reverse

from tests.builders import add_member, make_user, make_workspace
from workspaces.licences.services import organisation_admin_set
from workspaces.models import Membership, Role

from .licences.conftest import license, make_pool

pytestmark = pytest.mark.django_db


def test_a_manager_leaving_is_told_what_follows(as_user, workspace, manager):
    other = make_user("second@example.org")
    add_member(workspace, other, Role.MANAGER)
    mine = Membership.objects.get(workspace=workspace, user=manager)
    edit = as_user(manager).get(reverse("member_edit", args=[workspace.slug, mine.pk])).content.decode()
    assert "Leave the workspace…" in edit
    page = as_user(manager).get(reverse("member_remove", args=[workspace.slug, mine.pk])).content.decode()
    assert "Leave Test programme?" in page and "you lose access to Test programme at once" in page
    assert "can no longer manage it" in page and "Leave the workspace</button>" in page


def test_the_last_manager_is_told_before_the_click_and_offered_no_button(as_user, workspace, manager):
    mine = Membership.objects.get(workspace=workspace, user=manager)
    page = as_user(manager).get(reverse("member_remove", args=[workspace.slug, mine.pk])).content.decode()
    assert "You are its only manager" in page and "Leave the workspace</button>" not in page


def test_releasing_ones_own_licence_says_so(as_user, organisation):
    admin = make_user("olga@example.org", "Olga Orgadmin")
    organisation_admin_set(actor=None, organisation=organisation, user=admin, is_admin=True)
    licence = license(make_pool(organisation), admin)
    client = as_user(admin)
    overview = client.get(reverse("licence_overview", args=[organisation.slug])).content.decode()
    assert "your own licence" in overview
    page = client.get(reverse("licence_release", args=[organisation.slug, licence.pk])).content.decode()
    assert "Release your own licence?" in page and "This is your own licence" in page
    assert "Release my licence" in page


def test_the_licence_overview_links_to_the_workspaces_it_opens(as_user, organisation, workspace, site_admin):
    make_workspace(name="Another programme", organisation=organisation)
    page = as_user(site_admin).get(reverse("licence_overview", args=[organisation.slug])).content.decode()
    assert "Workspaces these licences open" in page
    assert f'href="{workspace.get_absolute_url()}"' in page and "Another programme" in page


def test_an_org_admin_sees_names_but_links_only_what_they_can_open(as_user, organisation, workspace):
    admin = make_user("olga@example.org", "Olga Orgadmin")
    organisation_admin_set(actor=None, organisation=organisation, user=admin, is_admin=True)
    page = as_user(admin).get(reverse("licence_overview", args=[organisation.slug])).content.decode()
    assert workspace.name in page and f'href="{workspace.get_absolute_url()}"' not in page
