"""An item limited to chosen teams: members outside the teams cannot tell it exists."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from notifications.models import Follow
from workspaces.models import Access

from ..builders import make_team
from ..security.world import client_as, restrict_to_team
from .security import make_link


@pytest.fixture
def team_link(workspace, manager):
    return make_link(workspace, manager, title="Board papers (steering group only)")


def _detail(link):
    return reverse("links:detail", kwargs={"workspace": link.workspace.slug, "pk": link.pk})


def _index(link):
    return reverse("links:index", kwargs={"workspace": link.workspace.slug})


def test_reader_outside_the_team_gets_not_found(team_link, reader, contributor):
    team = make_team(team_link.workspace, "Steering group", members=[contributor])
    restrict_to_team(team_link, team)
    client = client_as(reader)
    assert client.get(_detail(team_link)).status_code == 404
    assert team_link.title not in client.get(_index(team_link)).content.decode()


def test_reader_in_the_team_sees_it(team_link, reader):
    team = make_team(team_link.workspace, "Steering group", members=[reader])
    restrict_to_team(team_link, team)
    client = client_as(reader)
    assert client.get(_detail(team_link)).status_code == 200
    assert team_link.title in client.get(_index(team_link)).content.decode()


@pytest.mark.parametrize(
    "persona, expected",
    [("anonymous", 302), ("outsider", 404), ("reader", 404), ("contributor", 200), ("manager", 200),
     ("site_admin", 200)],
)
def test_team_limited_item_by_persona(persona, expected, team_link, personas):
    # Only the contributor is in the team; managers and site admins see everything.
    team = make_team(team_link.workspace, "Steering group", members=[personas["contributor"]])
    restrict_to_team(team_link, team)
    assert client_as(personas[persona]).get(_detail(team_link)).status_code == expected


def test_contributor_outside_the_team_cannot_edit_it_either(team_link, reader, contributor, workspace):
    # (A reader is refused any edit page with 403 before the link is looked up, so that
    # answer reveals nothing; a contributor gets as far as the link, and must not find it.)
    team = make_team(workspace, "Steering group", members=[reader])
    restrict_to_team(team_link, team)
    url = reverse("links:edit", kwargs={"workspace": workspace.slug, "pk": team_link.pk})
    client = client_as(contributor)
    assert client.get(url).status_code == 404
    response = client.post(url, {"url": "https://evil.example/", "title": "Defaced", "loaded_version": "1",
                                 "view_access": "anyone", "change_access": "members"})
    assert response.status_code == 404
    team_link.refresh_from_db()
    assert team_link.title == "Board papers (steering group only)"
    assert team_link.view_access == Access.TEAMS


def test_someone_outside_the_team_cannot_follow_it(team_link, reader, contributor, workspace):
    restrict_to_team(team_link, make_team(workspace, "Steering group", members=[reader]))
    url = reverse("notifications:follow", kwargs={
        "workspace": workspace.slug, "type_id": ContentType.objects.get_for_model(team_link).pk, "pk": team_link.pk,
    })
    assert client_as(contributor).post(url).status_code == 404
    assert client_as(reader).post(url).status_code == 302
    assert list(Follow.objects.values_list("user__email", flat=True)) == [reader.email]
