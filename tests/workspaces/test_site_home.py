"""The site admins' home lists every workspace and organisation, a page at a time, at a cost
that does not grow with the site."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.builders import make_organisation, make_user, make_workspace

pytestmark = pytest.mark.django_db


def test_a_site_admin_sees_every_workspace_and_organisation(as_user, site_admin, workspace):
    other = make_organisation("Department of Elsewhere", slug="elsewhere")
    make_workspace(name="Far away", organisation=other)
    body = as_user(site_admin).get(reverse("home")).content.decode()
    assert "Every workspace (" in body and "Far away" in body and workspace.name in body
    assert "Every organisation (" in body and "Department of Elsewhere" in body
    assert reverse("licence_overview", args=["elsewhere"]) in body


def test_nobody_else_sees_the_site_lists(as_user, manager):
    body = as_user(manager).get(reverse("home")).content.decode()
    assert "Every workspace" not in body and "Every organisation" not in body


def test_the_lists_are_paged_each_on_its_own(as_user, site_admin, settings):
    settings.ENGAGE_PAGE_SIZE = 3
    organisation = make_organisation("Department of Many", slug="many")
    for i in range(7):
        make_workspace(name=f"Workspace {i:02}", organisation=organisation)
    client = as_user(site_admin)
    first = client.get(reverse("home")).context["every_workspace"]
    assert first.paginator.num_pages >= 3 and len(first.object_list) == 3
    second = client.get(reverse("home"), {"workspaces": 2}).context
    assert second["every_workspace"].number == 2 and second["every_organisation"].number == 1


def _grow(first, last):
    for i in range(first, last):
        organisation = make_organisation(f"Org {i}", slug=f"org-{i}")
        make_workspace(name=f"W {i}", organisation=organisation)
        make_user(f"u{i}@example.org")


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    return len(ctx.captured_queries)


def test_the_site_home_costs_the_same_at_any_size(as_user, site_admin, django_assert_max_num_queries):
    client = as_user(site_admin)
    _grow(0, 3)
    client.get(reverse("home"))
    with django_assert_max_num_queries(16):
        small = _queries(client)
    _grow(3, 60)
    with django_assert_max_num_queries(16):
        large = _queries(client)
    assert small == large, f"{small} queries with 3 workspaces and organisations but {large} with 60"
