"""Team pages: who may see and change teams, creating, renaming, deleting, adding and removing
members, bad input, and a bounded number of queries."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from workspaces.models import Access, AuditEntry, Role, Team, Workspace
from workspaces.permissions import can, forget
from workspaces.permissions.roles import ARCHIVED_REASON
from workspaces.services.items import set_item_teams

from ..builders import add_member, make_team, make_user, make_workspace
from ..conftest import PERSONAS

LOGIN = "LOGIN"


def status(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


@pytest.fixture
def team(workspace, reader, contributor):
    return make_team(workspace, "Task force", members=[reader, contributor])


def url(name, workspace, *args):
    return reverse(name, args=[workspace.slug, *args])


# --- Who may do what ----------------------------------------------------------------------

READ_TABLE = {"anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200}
# Public workspace: anyone may read it, but the list of teams (and members) is for members.
PUBLIC_READ_TABLE = {"anonymous": LOGIN, "outsider": 403, "reader": 200, "contributor": 200, "manager": 200,
                     "site_admin": 200}
MANAGE_TABLE = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                "site_admin": 200}


@pytest.mark.parametrize("page", ["team_list", "team_detail"])
def test_who_can_see_teams_of_a_private_workspace(personas, as_user, workspace, team, page):
    args = [team.pk] if page == "team_detail" else []
    got = {p: status(as_user(personas[p]).get(url(page, workspace, *args))) for p in PERSONAS}
    assert got == READ_TABLE


@pytest.mark.parametrize("page", ["team_list", "team_detail"])
def test_who_can_see_teams_of_a_public_workspace(personas, as_user, public_workspace, page):
    team = make_team(public_workspace, "Open team")
    args = [team.pk] if page == "team_detail" else []
    got = {p: status(as_user(personas[p]).get(url(page, public_workspace, *args))) for p in PERSONAS}
    assert got == PUBLIC_READ_TABLE


@pytest.mark.parametrize("page", ["team_create", "team_edit", "team_delete"])
def test_only_managers_can_open_the_team_change_pages(personas, as_user, workspace, team, page):
    args = [] if page == "team_create" else [team.pk]
    got = {p: status(as_user(personas[p]).get(url(page, workspace, *args))) for p in PERSONAS}
    assert got == MANAGE_TABLE


POST_TABLE = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 302, "site_admin": 302}


@pytest.mark.parametrize(
    "page,data",
    [
        ("team_create", {"name": "Conveyancers"}),
        ("team_edit", {"name": "Renamed"}),
        ("team_delete", {}),
        ("team_detail", {"action": "remove", "user": "READER"}),
    ],
)
def test_only_managers_can_change_teams(personas, as_user, workspace, reader, page, data):
    got = {}
    for persona in PERSONAS:
        team = make_team(workspace, f"Team for {persona}", members=[reader])
        args = [] if page == "team_create" else [team.pk]
        body = {k: (str(reader.pk) if v == "READER" else v) for k, v in data.items()}
        if "name" in body:
            body["name"] = f"{body['name']} {persona}"
        before = (Team.objects.count(), AuditEntry.objects.count(), team.group.user_set.count())
        got[persona] = status(as_user(personas[persona]).post(url(page, workspace, *args), body))
        if got[persona] != 302:
            assert (Team.objects.count(), AuditEntry.objects.count(), team.group.user_set.count()) == before
    assert got == POST_TABLE


def test_a_team_of_another_workspace_is_not_found_here(as_user, workspace, manager, organisation):
    elsewhere = make_workspace(name="Elsewhere", slug="elsewhere", organisation=organisation)
    foreign = make_team(elsewhere, "Their team")
    client = as_user(manager)
    for page in ("team_detail", "team_edit", "team_delete"):
        assert client.get(url(page, workspace, foreign.pk)).status_code == 404
    assert client.post(url("team_delete", workspace, foreign.pk)).status_code == 404
    assert Team.objects.filter(pk=foreign.pk).exists()


# --- List ---------------------------------------------------------------------------------


def test_team_list_shows_each_team_with_its_size(as_user, workspace, reader, contributor, manager):
    make_team(workspace, "Task force", members=[reader, contributor, manager])
    make_team(workspace, "Conveyancers", members=[reader])
    make_team(workspace, "Empty team")
    response = as_user(reader).get(url("team_list", workspace))
    rows = [(t.name, t.size) for t in response.context["page_obj"]]
    assert rows == [("Conveyancers", 1), ("Empty team", 0), ("Task force", 3)]
    assert b"New team" not in response.content


def test_manager_sees_the_new_team_button(as_user, workspace, manager):
    response = as_user(manager).get(url("team_list", workspace))
    assert reverse("team_create", args=[workspace.slug]).encode() in response.content


def test_team_list_is_paginated(as_user, workspace, reader, settings):
    settings.ENGAGE_PAGE_SIZE = 2
    for name in ("A team", "B team", "C team"):
        make_team(workspace, name)
    client = as_user(reader)
    assert [t.name for t in client.get(url("team_list", workspace)).context["page_obj"]] == ["A team", "B team"]
    assert [t.name for t in client.get(url("team_list", workspace) + "?page=2").context["page_obj"]] == ["C team"]
    page = client.get(url("team_list", workspace) + "?page=zz").context["page_obj"]
    assert [t.name for t in page] == ["A team", "B team"]


def test_team_list_htmx_request_gets_the_partial_only(as_user, workspace, reader, team):
    response = as_user(reader).get(url("team_list", workspace), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "workspaces/partials/_team_list.html" in [t.name for t in response.templates]
    assert b"<html" not in response.content


# --- Create and edit ----------------------------------------------------------------------


def test_manager_creates_a_team_and_it_is_audited(as_user, workspace, manager):
    response = as_user(manager).post(url("team_create", workspace), {"name": "  Task   force ", "description": "Fast"})
    team = Team.objects.get(workspace=workspace)
    assert response.status_code == 302 and response["Location"] == url("team_detail", workspace, team.pk)
    assert (team.name, team.description) == ("Task force", "Fast")
    entry = AuditEntry.objects.get(action="team.created")
    assert (entry.actor, entry.workspace, entry.target_label) == (manager, workspace, "Task force")


def test_a_duplicate_team_name_is_refused_next_to_the_name_field(as_user, workspace, manager, team):
    response = as_user(manager).post(url("team_create", workspace), {"name": "TASK FORCE"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["This workspace already has a team with that name."]
    assert b'id="id_name_error"' in response.content
    assert Team.objects.filter(workspace=workspace).count() == 1
    assert not AuditEntry.objects.filter(action="team.created", target_label="TASK FORCE").exists()


def test_the_same_team_name_is_fine_in_another_workspace(as_user, workspace, public_workspace, manager, team):
    response = as_user(manager).post(url("team_create", public_workspace), {"name": "Task force"})
    assert response.status_code == 302
    assert Team.objects.filter(name="Task force").count() == 2


@pytest.mark.parametrize(
    "data,field",
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "Ok", "description": "y" * 301}, "description"),
        ({}, "name"),
    ],
)
def test_bad_team_input_is_refused_without_saving(as_user, workspace, manager, data, field):
    response = as_user(manager).post(url("team_create", workspace), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Team.objects.filter(workspace=workspace).exists()
    assert not Group.objects.exists()


def test_manager_renames_a_team_and_the_change_is_audited(as_user, workspace, manager, team):
    response = as_user(manager).post(url("team_edit", workspace, team.pk),
                                     {"name": "Steering group", "description": "d"})
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.name == "Steering group"
    entry = AuditEntry.objects.get(action="team.changed")
    assert entry.before["name"] == "Task force" and entry.after["name"] == "Steering group"


def test_renaming_to_another_teams_name_is_refused(as_user, workspace, manager, team):
    make_team(workspace, "Conveyancers")
    response = as_user(manager).post(url("team_edit", workspace, team.pk), {"name": "conveyancers"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["This workspace already has a team with that name."]
    assert response.context["team"].name == "Task force"
    team.refresh_from_db()
    assert team.name == "Task force"


def test_keeping_a_teams_own_name_while_changing_its_description_is_fine(as_user, workspace, manager, team):
    response = as_user(manager).post(url("team_edit", workspace, team.pk), {"name": "Task force", "description": "New"})
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.description == "New"


# --- Delete -------------------------------------------------------------------------------


def test_delete_page_explains_that_items_limited_to_the_team_become_managers_only(as_user, workspace, manager, team):
    response = as_user(manager).get(url("team_delete", workspace, team.pk))
    assert response.status_code == 200
    assert b"become visible to managers only" not in response.content  # no item limited to it yet
    from tests.dummytool.models import Note

    note = Note.objects.create(workspace=workspace, title="Plan", view_access=Access.TEAMS)
    set_item_teams(note, view_teams=[team])
    response = as_user(manager).get(url("team_delete", workspace, team.pk))
    assert b"1 item is limited to this team" in response.content
    assert b"become visible to managers only" in response.content


def test_deleting_a_team_removes_it_and_its_grants_and_is_audited(as_user, workspace, manager, contributor, team):
    from tests.dummytool.models import Note

    note = Note.objects.create(workspace=workspace, title="Plan", view_access=Access.TEAMS)
    set_item_teams(note, view_teams=[team])
    assert can(contributor, "dummytool.view_note", note)
    group_id = team.group_id
    response = as_user(manager).post(url("team_delete", workspace, team.pk))
    assert response.status_code == 302 and response["Location"] == url("team_list", workspace)
    assert not Team.objects.filter(pk=team.pk).exists()
    assert not Group.objects.filter(pk=group_id).exists()
    assert AuditEntry.objects.filter(action="team.deleted", target_label="Task force", actor=manager).exists()
    forget(contributor)
    note = Note.objects.get(pk=note.pk)
    assert not can(contributor, "dummytool.view_note", note)
    forget(manager)
    assert can(manager, "dummytool.view_note", note)


# --- Detail: members ----------------------------------------------------------------------


def test_team_detail_lists_members_with_their_roles_paginated(as_user, workspace, reader, contributor, manager,
                                                               settings):
    settings.ENGAGE_PAGE_SIZE = 2
    team = make_team(workspace, "Task force", members=[reader, contributor, manager])
    client = as_user(reader)
    first = client.get(url("team_detail", workspace, team.pk))
    people = [(p.name, p.role_label) for p in first.context["page_obj"]]
    assert people == [("Chris Contributor", "Contributor"), ("Maya Manager", "Manager")]
    second = client.get(url("team_detail", workspace, team.pk) + "?page=2")
    assert [(p.name, p.role_label) for p in second.context["page_obj"]] == [("Rita Reader", "Reader")]
    assert b"Add members" not in first.content and b"Remove" not in first.content


def test_manager_finds_members_to_add_by_name_or_email(as_user, workspace, manager, reader, contributor, outsider):
    team = make_team(workspace, "Task force", members=[contributor])
    pat = make_user("pat.patel@example.org", "Pat Patel")
    add_member(workspace, pat)
    client = as_user(manager)
    by_name = client.get(url("team_detail", workspace, team.pk), {"q": "patel"}).context["candidates"]
    assert by_name == [pat]
    by_email = client.get(url("team_detail", workspace, team.pk), {"q": "example.org"}).context["candidates"]
    # Members not yet in the team; never the outsider, never someone already in it.
    assert by_email == [manager, pat, reader]


def test_member_search_as_htmx_returns_the_candidates_partial(as_user, workspace, manager, reader, team):
    response = as_user(manager).get(
        url("team_detail", workspace, team.pk), {"q": "maya", "partial": "candidates"}, HTTP_HX_REQUEST="true"
    )
    assert [t.name for t in response.templates] == ["workspaces/partials/_team_candidates.html"]
    assert b"<html" not in response.content
    assert b"Maya Manager" in response.content


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"},
                                     {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}])
def test_member_search_gives_the_whole_page_unless_htmx_swaps_the_results(as_user, workspace, manager, team, headers):
    response = as_user(manager).get(url("team_detail", workspace, team.pk), {"q": "maya", "partial": "candidates"},
                                    **headers)
    assert response.templates[0].name == "workspaces/team_detail.html"
    assert b"<html" in response.content and b"Maya Manager" in response.content
    assert "HX-Request" in response["Vary"]  # so that no cache gives the page for the partial or back


def test_manager_adds_the_people_ticked(as_user, workspace, manager):
    team = make_team(workspace, "Task force")
    response = as_user(manager).post(
        url("team_detail", workspace, team.pk), {"action": "add_selected", "users": [str(manager.pk)]}
    )
    assert response.status_code == 302
    assert list(team.group.user_set.all()) == [manager]
    entry = AuditEntry.objects.get(action="team.members_changed")
    assert entry.after == {"added": 1, "removed": 0}


@pytest.mark.parametrize("who", ["outsider", "nobody", "garbage", "huge", "none"])
def test_adding_someone_who_is_not_a_member_is_refused_and_nothing_is_added(as_user, workspace, manager, outsider,
                                                                            reader, who):
    team = make_team(workspace, "Task force")
    ids = {
        "outsider": [str(outsider.pk)], "nobody": ["999999"], "garbage": ["abc"], "huge": ["9" * 30], "none": []
    }[who]
    response = as_user(manager).post(
        url("team_detail", workspace, team.pk), {"action": "add_selected", "users": [str(reader.pk), *ids]}
        if who != "none" else {"action": "add_selected"}
    )
    assert response.status_code == 200
    assert response.context["select_form"].errors
    assert team.group.user_set.count() == 0
    assert not AuditEntry.objects.filter(action="team.members_changed").exists()


def test_manager_pastes_emails_and_each_one_that_cannot_be_added_is_reported(
    as_user, workspace, manager, reader, contributor, outsider
):
    team = make_team(workspace, "Task force", members=[contributor])
    pasted = (
        "Rita <READER@example.org>, contributor@example.org\n"
        "outsider@example.org; nobody@example.org not-an-email\n"
        "reader@example.org manager@example.org"
    )
    response = as_user(manager).post(url("team_detail", workspace, team.pk), {"action": "add_emails", "emails": pasted})
    assert response.status_code == 200
    problems = [(line.text, line.outcome) for line in response.context["report"].problems]
    assert problems == [
        ("Rita", "Not a valid email address."),
        ("contributor@example.org", "Already in this team."),
        ("outsider@example.org", "Not a member of this workspace: invite them first."),
        ("nobody@example.org", "Not a member of this workspace: invite them first."),
        ("not-an-email", "Not a valid email address."),
        ("reader@example.org", "Listed more than once."),
    ]
    assert set(team.group.user_set.all()) == {reader, contributor, manager}
    assert b"Not a member of this workspace: invite them first." in response.content


def test_pasting_only_good_addresses_redirects_with_a_message(as_user, workspace, manager, reader):
    team = make_team(workspace, "Task force")
    response = as_user(manager).post(
        url("team_detail", workspace, team.pk), {"action": "add_emails", "emails": "reader@example.org"}, follow=True
    )
    assert b"Added 1 person to Task force." in response.content
    assert list(team.group.user_set.all()) == [reader]


@pytest.mark.parametrize("emails", ["", "   \n ,, ;", "a@example.org " * 1001])
def test_bad_email_paste_is_refused_next_to_the_field(as_user, workspace, manager, emails):
    team = make_team(workspace, "Task force")
    response = as_user(manager).post(url("team_detail", workspace, team.pk), {"action": "add_emails", "emails": emails})
    assert response.status_code == 200
    assert "emails" in response.context["emails_form"].errors
    assert team.group.user_set.count() == 0


def test_manager_removes_a_member_from_the_team(as_user, workspace, manager, reader, contributor):
    team = make_team(workspace, "Task force", members=[reader, contributor])
    response = as_user(manager).post(url("team_detail", workspace, team.pk), {"action": "remove", "user": reader.pk})
    assert response.status_code == 302
    assert list(team.group.user_set.all()) == [contributor]
    assert AuditEntry.objects.get(action="team.members_changed", actor=manager).after == {"added": 0, "removed": 1}


@pytest.mark.parametrize(
    "data",
    [
        {"action": "remove", "user": "abc"},
        {"action": "remove"},
        {"action": "explode"},
        {},
        {"action": "remove", "user": "999999"},
        {"action": "remove", "user": "99999999999999999999999"},
    ],
)
def test_bad_member_changes_change_nothing(as_user, workspace, manager, reader, data):
    team = make_team(workspace, "Task force", members=[reader])
    response = as_user(manager).post(url("team_detail", workspace, team.pk), data)
    assert response.status_code == 302
    assert list(team.group.user_set.all()) == [reader]
    assert not AuditEntry.objects.filter(action="team.members_changed", actor=manager).exists()


def test_removing_a_person_of_another_team_changes_nothing(as_user, workspace, manager, reader, contributor):
    team = make_team(workspace, "Task force", members=[reader])
    other = make_team(workspace, "Others", members=[contributor])
    as_user(manager).post(url("team_detail", workspace, team.pk), {"action": "remove", "user": contributor.pk})
    assert list(other.group.user_set.all()) == [contributor]


# --- Archived -----------------------------------------------------------------------------


@pytest.fixture
def archived(workspace):
    Workspace.objects.filter(pk=workspace.pk).update(is_archived=True)
    return workspace


def test_archived_workspace_refuses_team_changes_with_the_reason(as_user, archived, manager, reader, team):
    client = as_user(manager)
    for response in (
        client.get(url("team_create", archived)),
        client.post(url("team_create", archived), {"name": "New"}),
        client.post(url("team_edit", archived, team.pk), {"name": "New"}),
        client.post(url("team_delete", archived, team.pk)),
        client.post(url("team_detail", archived, team.pk), {"action": "remove", "user": reader.pk}),
    ):
        assert response.status_code == 403
        assert ARCHIVED_REASON.encode() in response.content
    assert Team.objects.get(pk=team.pk).group.user_set.filter(pk=reader.pk).exists()
    assert Team.objects.filter(workspace=archived).count() == 1


def test_archived_workspace_still_shows_its_teams_without_change_controls(as_user, archived, manager, team):
    client = as_user(manager)
    assert client.get(url("team_list", archived)).status_code == 200
    detail = client.get(url("team_detail", archived, team.pk))
    assert detail.status_code == 200
    assert b"Add members" not in detail.content
    assert b"archived" in detail.content


# --- Query counts -------------------------------------------------------------------------


def _people(workspace, n, prefix):
    users = [make_user(f"{prefix}{i}@example.org", f"{prefix.title()} {i}") for i in range(n)]
    for user in users:
        add_member(workspace, user, Role.READER)
    return users


@pytest.mark.parametrize("size", [3, 30])
def test_team_list_query_count_does_not_grow_with_teams(as_user, workspace, manager, size,
                                                        django_assert_max_num_queries):
    people = _people(workspace, 5, "p")
    for i in range(size):
        make_team(workspace, f"Team {i:02}", members=people)
    client = as_user(manager)
    client.get(url("team_list", workspace))  # session warm-up
    # session, user, workspace with role, COUNT, page of teams with their sizes
    with django_assert_max_num_queries(6):  # +1: the notification bell's unread count
        response = client.get(url("team_list", workspace))
    assert response.status_code == 200
    assert all(t.size == 5 for t in response.context["page_obj"])


@pytest.mark.parametrize("size", [3, 30])
def test_team_detail_query_count_does_not_grow_with_members(as_user, workspace, manager, size,
                                                            django_assert_max_num_queries):
    team = make_team(workspace, "Task force", members=_people(workspace, size, "m"))
    client = as_user(manager)
    client.get(url("team_detail", workspace, team.pk))
    # session, user, workspace with role, team, search results, COUNT, page of members with roles
    with django_assert_max_num_queries(8):  # +1: the notification bell's unread count
        response = client.get(url("team_detail", workspace, team.pk), {"q": "m"})
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(size, 25)


@pytest.mark.parametrize("params", [{"q": "x" * 500}, {"q": "%"}, {"page": "abc"}, {"page": "-1"},
                                    {"partial": "nonsense"}])
def test_odd_search_and_page_parameters_do_not_break_the_team_page(as_user, workspace, manager, reader, params):
    team = make_team(workspace, "Task force", members=[reader])
    response = as_user(manager).get(url("team_detail", workspace, team.pk), params)
    assert response.status_code == 200
    assert response.context["candidates"] == []


def test_a_huge_team_id_is_not_found(as_user, workspace, manager):
    huge = 10**30
    for page in ("team_detail", "team_edit", "team_delete"):
        assert as_user(manager).get(url(page, workspace, huge)).status_code == 404


def test_team_grants_only_stand_while_the_item_is_limited_to_teams(workspace, team, contributor):
    from guardian.shortcuts import get_groups_with_perms

    from tests.dummytool.models import Note

    note = Note.objects.create(workspace=workspace, title="Plan", view_access=Access.ANYONE)
    set_item_teams(note, view_teams=[team], change_teams=[team])
    assert not get_groups_with_perms(note)  # neither level is "teams": nothing granted
    note.view_access = Access.TEAMS
    set_item_teams(note, view_teams=[team], change_teams=[team])
    assert get_groups_with_perms(note, attach_perms=True) == {team.group: ["view_note"]}
    note.view_access = Access.MEMBERS
    set_item_teams(note, view_teams=[team])
    assert not get_groups_with_perms(note)  # the stale grant is withdrawn
