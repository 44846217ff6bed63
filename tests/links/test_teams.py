"""Links limited to chosen teams: seen (and changed) only by those teams and managers."""

import pytest
from guardian.models import GroupObjectPermission

from links.models import Link
from links.services import link_delete
from workspaces.models import Access, Role

from ..builders import add_member, make_team, make_user
from .builders import edit_data, form_data, html_elements, make_link, url_for


@pytest.fixture
def team(workspace, contributor):
    return make_team(workspace, "Task force", members=[contributor])


@pytest.fixture
def other_contributor(workspace):
    user = make_user("other-contributor@example.org", "Olu Other")
    add_member(workspace, user, Role.CONTRIBUTOR)
    return user


@pytest.fixture
def secret(workspace, manager, team):
    return make_link(workspace, manager, title="Task force briefing", tags=["briefing"],
                     view_access=Access.TEAMS, view_teams=[team])


def _titles(client, workspace):
    return [link.title for link in client.get(url_for("index", workspace)).context["page_obj"]]


def test_team_member_sees_a_team_link_in_the_list_and_can_open_it(as_user, workspace, contributor, secret):
    client = as_user(contributor)
    assert _titles(client, workspace) == ["Task force briefing"]
    assert client.get(url_for("detail", workspace, secret)).status_code == 200


def test_reader_outside_the_team_gets_404_and_does_not_see_it_listed(as_user, workspace, reader, manager, secret):
    make_link(workspace, manager, title="Open to all")
    client = as_user(reader)
    assert client.get(url_for("detail", workspace, secret)).status_code == 404
    assert _titles(client, workspace) == ["Open to all"]


def test_contributor_outside_the_team_gets_404_on_every_page_of_it(as_user, workspace, other_contributor, secret):
    client = as_user(other_contributor)
    for name in ("detail", "edit", "delete"):
        assert client.get(url_for(name, workspace, secret)).status_code == 404, name


def test_tags_of_hidden_links_are_not_offered_as_filters(as_user, workspace, reader, contributor, secret):
    assert "briefing" in as_user(contributor).get(url_for("index", workspace)).content.decode()
    response = as_user(reader).get(url_for("index", workspace), {"tag": "briefing"})
    assert "briefing" not in [v for v, _ in response.context["filter"].form.fields["tag"].widget.choices[:-1]]
    assert list(response.context["page_obj"]) == []


@pytest.mark.parametrize("persona", ["manager", "site_admin"])
def test_managers_and_site_admins_see_team_links(as_user, workspace, personas, secret, persona):
    assert as_user(personas[persona]).get(url_for("detail", workspace, secret)).status_code == 200


def test_activity_about_a_team_link_is_hidden_from_people_outside_the_team(as_user, workspace, reader, contributor,
                                                                           secret):
    assert "Task force briefing" in as_user(contributor).get(f"/w/{workspace.slug}/").content.decode()
    assert "Task force briefing" not in as_user(reader).get(f"/w/{workspace.slug}/").content.decode()


def test_only_contributors_in_the_chosen_team_may_change_a_team_editable_link(
    as_user, workspace, manager, contributor, other_contributor, team
):
    link = make_link(workspace, manager, change_access=Access.TEAMS, change_teams=[team])
    assert as_user(other_contributor).get(url_for("edit", workspace, link)).status_code == 403
    # Its content only.
    response = as_user(contributor).post(url_for("edit", workspace, link), edit_data(link, title="Team edit"))
    assert response.status_code == 302
    assert Link.objects.get(pk=link.pk).title == "Team edit"


def test_adding_a_link_for_a_team_through_the_form_limits_it_to_that_team(as_user, workspace, contributor, reader,
                                                                          team):
    response = as_user(contributor).post(
        url_for("create", workspace), form_data(view_access=Access.TEAMS, view_teams=[team.pk])
    )
    assert response.status_code == 302
    link = Link.objects.get()
    assert as_user(contributor).get(url_for("detail", workspace, link)).status_code == 200
    assert as_user(reader).get(url_for("detail", workspace, link)).status_code == 404


def test_choosing_teams_without_naming_one_is_an_error(as_user, workspace, contributor, team):
    response = as_user(contributor).post(url_for("create", workspace), form_data(view_access=Access.TEAMS))
    assert response.status_code == 200
    assert "Choose at least one team" in response.content.decode()
    assert not Link.objects.exists()


def test_team_choices_appear_only_when_the_workspace_has_teams(as_user, workspace, contributor):
    client = as_user(contributor)
    page = client.get(url_for("create", workspace)).content.decode()
    assert "Teams that can see this" not in page and 'value="teams"' not in page
    make_team(workspace, "Steering group")
    page = client.get(url_for("create", workspace)).content.decode()
    assert "Teams that can see this" in page and "Steering group" in page


def test_edit_form_shows_the_teams_already_chosen(as_user, workspace, manager, team, secret):
    other = make_team(workspace, "Steering group")
    page = as_user(manager).get(url_for("edit", workspace, secret)).content.decode()
    boxes = {
        attrs["value"]: "checked" in attrs
        for tag, attrs in html_elements(page)
        if tag == "input" and attrs.get("name") == "view_teams"
    }
    assert boxes == {str(team.pk): True, str(other.pk): False}


def test_opening_a_team_link_to_everyone_withdraws_the_team_grant(as_user, workspace, manager, reader, secret):
    response = as_user(manager).post(url_for("edit", workspace, secret), edit_data(secret, view_access=Access.ANYONE))
    assert response.status_code == 302
    assert not GroupObjectPermission.objects.filter(object_pk=str(secret.pk)).exists()
    assert as_user(reader).get(url_for("detail", workspace, secret)).status_code == 200


def test_deleting_a_team_link_removes_its_grants(workspace, manager, secret):
    assert GroupObjectPermission.objects.filter(object_pk=str(secret.pk)).exists()
    link_delete(actor=manager, link=secret)
    assert not GroupObjectPermission.objects.filter(object_pk=str(secret.pk)).exists()


def test_an_editor_who_did_not_add_the_link_cannot_change_who_sees_it(as_user, workspace, manager, contributor, reader,
                                                                      team):
    link = make_link(workspace, manager, change_access=Access.TEAMS, change_teams=[team])
    client = as_user(contributor)
    page = client.get(url_for("edit", workspace, link)).content.decode()
    assert 'name="view_access"' not in page and "Only the person who added the link" in page
    response = client.post(url_for("edit", workspace, link),
                           edit_data(link, title="Edited", view_access=Access.MANAGERS))
    assert response.status_code == 302
    link = Link.objects.get(pk=link.pk)
    assert (link.title, link.view_access, link.change_access) == ("Edited", Access.ANYONE, Access.TEAMS)
    assert as_user(contributor).get(url_for("edit", workspace, link)).status_code == 200  # team grant kept
    assert as_user(reader).get(url_for("detail", workspace, link)).status_code == 200
