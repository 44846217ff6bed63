import pytest
from django.db import transaction
from django.urls import reverse

from workspaces.activity import record
from workspaces.models import AuditEntry, Membership, Role, Workspace

from ..builders import add_member, make_user


def test_site_admin_creates_workspace_and_becomes_its_manager(as_user, site_admin, organisation):
    response = as_user(site_admin).post(
        reverse("workspace_create"),
        {"organisation": organisation.pk, "name": "Road safety review", "slug": "", "description": "",
         "visibility": "private"},
    )
    workspace = Workspace.objects.get(slug="road-safety-review")
    assert response.status_code == 302 and response["Location"] == f"/w/{workspace.slug}/"
    assert Membership.objects.get(workspace=workspace, user=site_admin).role == Role.MANAGER
    assert workspace.member_count == 1
    assert AuditEntry.objects.filter(workspace=workspace, action="workspace.created").exists()


def test_duplicate_slug_is_reported_next_to_the_field(as_user, site_admin, workspace, organisation):
    response = as_user(site_admin).post(
        reverse("workspace_create"),
        {"organisation": organisation.pk, "name": "Another", "slug": workspace.slug, "visibility": "private"},
    )
    assert response.status_code == 200
    assert "already taken" in response.context["form"].errors["slug"][0]
    assert Workspace.objects.filter(slug=workspace.slug).count() == 1


def test_oversized_name_is_an_error_not_a_500(as_user, site_admin, organisation):
    response = as_user(site_admin).post(
        reverse("workspace_create"),
        {"organisation": organisation.pk, "name": "x" * 5000, "slug": "long", "visibility": "private"},
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not Workspace.objects.filter(slug="long").exists()


@pytest.mark.parametrize("persona, expected", [
    ("anonymous", 302), ("outsider", 302), ("reader", 302), ("manager", 302), ("site_admin", 200),
])
def test_only_site_admins_can_open_the_create_form(as_user, personas, persona, expected):
    response = as_user(personas[persona]).get(reverse("workspace_create"))
    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona, expected", [
    ("anonymous", 302), ("outsider", 404), ("reader", 200), ("contributor", 200), ("manager", 200), ("site_admin", 200),
])
def test_private_workspace_home_by_role(as_user, personas, workspace, persona, expected):
    response = as_user(personas[persona]).get(reverse("workspace_home", args=[workspace.slug]))
    assert response.status_code == expected


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "reader"])
def test_public_workspace_home_is_readable_by_anyone(as_user, personas, public_workspace, persona):
    assert as_user(personas[persona]).get(reverse("workspace_home", args=[public_workspace.slug])).status_code == 200


def test_anonymous_cannot_tell_a_private_workspace_from_a_missing_one(client, workspace):
    private = client.get(reverse("workspace_home", args=[workspace.slug]))
    missing = client.get(reverse("workspace_home", args=["no-such-place"]))
    assert private.status_code == missing.status_code == 302


def test_outsider_gets_the_same_404_for_private_and_missing(as_user, outsider, workspace):
    c = as_user(outsider)
    assert c.get(f"/w/{workspace.slug}/").status_code == 404
    assert c.get("/w/no-such-place/").status_code == 404


@pytest.mark.parametrize("persona, expected", [
    ("anonymous", 302), ("outsider", 404), ("reader", 403), ("contributor", 403), ("manager", 200), ("site_admin", 200),
])
def test_settings_page_by_role(as_user, personas, workspace, persona, expected):
    assert as_user(personas[persona]).get(reverse("workspace_settings", args=[workspace.slug])).status_code == expected


def test_manager_archives_workspace_on_a_confirm_page_and_it_becomes_read_only(as_user, manager, workspace):
    url = reverse("workspace_archive", args=[workspace.slug])
    page = as_user(manager).get(url).content.decode()
    assert "It is read-only." in page and "It can be restored" in page and "Archive the workspace" in page
    response = as_user(manager).post(url, {"to": "archive"})
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.is_archived
    entry = AuditEntry.objects.filter(workspace=workspace).first()
    assert entry.action == "workspace.archived" and entry.after == {"is_archived": True}
    page = as_user(manager).get(reverse("workspace_home", args=[workspace.slug]))
    assert b"Archived: read-only" in page.content
    # A second click from a stale tab changes nothing...
    as_user(manager).post(url, {"to": "archive"})
    workspace.refresh_from_db()
    assert workspace.is_archived
    # ...and it can be restored.
    assert "Restore the workspace" in as_user(manager).get(url).content.decode()
    as_user(manager).post(url, {"to": "unarchive"})
    workspace.refresh_from_db()
    assert not workspace.is_archived


def test_the_settings_form_no_longer_archives(as_user, manager, workspace):
    as_user(manager).post(
        reverse("workspace_settings", args=[workspace.slug]),
        {"name": workspace.name, "description": "", "visibility": "private", "enabled_tools": workspace.enabled_tools,
         "is_archived": "on"},
    )
    workspace.refresh_from_db()
    assert not workspace.is_archived
    assert "Archive this workspace" in as_user(manager).get(
        reverse("workspace_settings", args=[workspace.slug])).content.decode()


def test_settings_with_an_empty_name_change_nothing(as_user, manager, workspace):
    response = as_user(manager).post(
        reverse("workspace_settings", args=[workspace.slug]), {"name": "", "visibility": "public"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    workspace.refresh_from_db()
    assert workspace.name == "Test programme" and workspace.visibility == "private"


def test_disabled_tool_disappears_from_navigation(as_user, manager, workspace):
    workspace.enabled_tools = []
    workspace.save()
    page = as_user(manager).get(reverse("workspace_home", args=[workspace.slug]))
    assert b"/links/" not in page.content
    assert as_user(manager).get(f"/w/{workspace.slug}/links/").status_code == 404


def _add_activity(workspace, actor, n):
    with transaction.atomic():
        for i in range(n):
            record(workspace=workspace, actor=actor, verb="tests.thing_happened", title=f"Thing {i}", summary="did")


def _add_members(workspace, n, start):
    for i in range(n):
        add_member(workspace, make_user(f"m{start + i}@example.org"), Role.READER)


@pytest.mark.parametrize("size", [5, 40])
def test_workspace_home_query_count_does_not_grow(as_user, reader, workspace, django_assert_max_num_queries, size):
    _add_members(workspace, size, start=size * 100)
    _add_activity(workspace, reader, size)
    client = as_user(reader)
    client.get(f"/w/{workspace.slug}/")  # warm caches (content types, session)
    # The dashboard's blocks (one query or so each: tests/workspaces/test_home.py counts them).
    with django_assert_max_num_queries(20):
        response = client.get(f"/w/{workspace.slug}/")
    assert response.status_code == 200
    assert response.context["workspace"].member_count == size + 1


def test_activity_feed_pages_older_items(as_user, reader, workspace):
    _add_activity(workspace, reader, 30)
    client = as_user(reader)
    first = client.get(f"/w/{workspace.slug}/activity/")
    assert len(first.context["activities"]) == 25
    before = first.context["next_before"]
    second = client.get(f"/w/{workspace.slug}/activity/?before={before}", HTTP_HX_REQUEST="true")
    assert len(second.context["activities"]) == 5
    assert b"<html" not in second.content


def test_home_lists_my_workspaces_only(as_user, reader, workspace, organisation):
    from ..builders import make_workspace

    make_workspace(name="Secret", organisation=organisation)
    page = as_user(reader).get("/")
    names = [w.name for w in page.context["workspaces"]]
    assert names == ["Open forum", "Test programme"]
