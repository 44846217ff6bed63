"""The permission review page: the role table, the limited items of each enabled tool with who
can see and change them, team sizes; managers only; a bounded number of queries."""

import pytest
from django.urls import reverse

from tests.dummytool.apps import DUMMY_TOOL
from tests.dummytool.models import Note
from workspaces import registry
from workspaces.models import Access, Role, Workspace
from workspaces.selectors.permissions_review import item_models
from workspaces.services.items import set_item_teams
from workspaces.services.teams import team_delete

from ..builders import add_member, make_team, make_user, make_workspace
from ..conftest import PERSONAS

LOGIN = "LOGIN"


def status(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


@pytest.fixture
def notes_tool(workspace, public_workspace):
    """The dummy tool registered and enabled in both workspaces, for this test only."""
    reverse("home")  # build the URLconf first, so the temporary tool never gets URLs
    with registry.register_temporarily(DUMMY_TOOL):
        for ws in (workspace, public_workspace):
            ws.enabled_tools = [*ws.enabled_tools, DUMMY_TOOL.slug]
            Workspace.objects.filter(pk=ws.pk).update(enabled_tools=ws.enabled_tools)
        yield DUMMY_TOOL


def review(client, workspace, **params):
    return client.get(reverse("permission_review", args=[workspace.slug]), params)


def note(workspace, title, author=None, view=Access.ANYONE, change=Access.MEMBERS, view_teams=(), change_teams=()):
    item = Note.objects.create(workspace=workspace, title=title, created_by=author, view_access=view,
                               change_access=change)
    set_item_teams(item, view_teams=view_teams, change_teams=change_teams)
    return item


def note_section(response):
    [section] = [s for s in response.context["sections"] if s.model is Note]
    return section


# --- Who may see it -----------------------------------------------------------------------

PRIVATE_TABLE = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                 "site_admin": 200}
PUBLIC_TABLE = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                "site_admin": 200}


def test_only_managers_can_review_permissions_of_a_private_workspace(personas, as_user, workspace, notes_tool):
    got = {p: status(review(as_user(personas[p]), workspace)) for p in PERSONAS}
    assert got == PRIVATE_TABLE


def test_only_managers_can_review_permissions_of_a_public_workspace(personas, as_user, public_workspace, notes_tool):
    got = {p: status(review(as_user(personas[p]), public_workspace)) for p in PERSONAS}
    assert got == PUBLIC_TABLE


def test_reader_is_told_why_they_cannot_review(as_user, workspace, reader):
    response = review(as_user(reader), workspace)
    assert b"Only managers of this workspace can review its permissions." in response.content


def test_managers_can_still_review_an_archived_workspace(as_user, workspace, manager, notes_tool):
    Workspace.objects.filter(pk=workspace.pk).update(is_archived=True)
    response = review(as_user(manager), workspace)
    assert response.status_code == 200
    assert b"This workspace is archived" in response.content


# --- The role table -----------------------------------------------------------------------

# (reader, contributor, manager), written out by hand.
EXPECTED_CAPABILITIES = [
    ("Open the workspace and read the items open to all members or to their teams", [True, True, True]),
    ("See who the other members are and which teams there are", [True, True, True]),
    (
        "Add items, change items open to any contributor (or to a team they are in), "
        "and change or delete their own items",
        [False, True, True],
    ),
    ("Work the moderation queue: approve, hide and restore what waits or was reported "
     "(members of the moderators team a manager names may too)", [False, False, True]),
    ("See, change and delete every item, whatever it is limited to", [False, False, True]),
    ("Invite people, change members' roles and remove members", [False, False, True]),
    ("Create, rename and delete teams, and choose who is in them", [False, False, True]),
    ("Change the workspace's settings and tools, and archive it", [False, False, True]),
    ("Read the audit log", [False, False, True]),
    ("Review who can see and change what (this page)", [False, False, True]),
    ("See members' email addresses wherever people are listed", [False, False, True]),
]


def test_role_table_says_in_plain_words_what_each_role_can_do(as_user, workspace, manager, reader, contributor):
    response = review(as_user(manager), workspace)
    assert response.context["capabilities"] == EXPECTED_CAPABILITIES
    assert [(role.label, count) for role, count in response.context["roles"]] == [
        ("Reader", 1),
        ("Contributor", 1),
        ("Manager", 1),
    ]
    assert b"Read the audit log" in response.content


# --- Limited items ------------------------------------------------------------------------


def test_review_lists_only_limited_items_with_who_can_see_and_change_them(
    as_user, workspace, manager, contributor, reader, notes_tool, organisation
):
    task_force = make_team(workspace, "Task force", members=[reader])
    lawyers = make_team(workspace, "Conveyancers")
    note(workspace, "Open to all")
    note(workspace, "Open to members", view=Access.MEMBERS)
    note(workspace, "Managers only", view=Access.MANAGERS)
    note(workspace, "For two teams", view=Access.TEAMS, view_teams=[task_force, lawyers])
    note(workspace, "Changed by managers", author=contributor, change=Access.MANAGERS)
    note(workspace, "Changed by a team", change=Access.TEAMS, change_teams=[task_force])
    elsewhere = make_workspace(name="Elsewhere", slug="elsewhere", organisation=organisation)
    note(elsewhere, "Someone else's secret", view=Access.MANAGERS)

    section = note_section(review(as_user(manager), workspace))
    rows = {row.item.title: (row.who_sees, row.who_changes) for row in section.rows}
    assert rows == {
        # "members" is listed although, in a private workspace, it admits the same people as "anyone".
        "Open to members": ("All members", "Any contributor"),
        "Managers only": ("Managers and the author", "Any contributor"),
        "For two teams": ("Managers, the author, and members of Conveyancers and Task force", "Any contributor"),
        "Changed by managers": ("All members", "Managers and the author"),
        "Changed by a team": ("All members", "Managers, the author, and contributors in Task force"),
    }
    assert (section.total, section.restricted, section.view_limited, section.change_limited) == (6, 5, 3, 2)
    authors = {row.item.title: row.item.created_by for row in section.rows}
    assert authors["Changed by managers"] == contributor


def test_public_workspace_review_says_anyone_can_see_open_items(as_user, public_workspace, manager, notes_tool):
    note(public_workspace, "Public, changed by managers", change=Access.MANAGERS)
    note(public_workspace, "Members only", view=Access.MEMBERS)
    rows = note_section(review(as_user(manager), public_workspace)).rows
    assert [(r.item.title, r.who_sees) for r in rows] == [
        ("Members only", "Members only, not visitors"),
        ("Public, changed by managers", "Anyone, including people who are not signed in"),
    ]


def test_item_limited_to_a_deleted_team_is_flagged(as_user, workspace, manager, notes_tool):
    team = make_team(workspace, "Short-lived")
    note(workspace, "Orphan", view=Access.TEAMS, view_teams=[team])
    team_delete(actor=manager, team=team)
    [row] = note_section(review(as_user(manager), workspace)).rows
    assert row.who_sees == "Managers and the author"
    assert row.warnings == [
        "Limited to teams, but no team is chosen any more: only managers and the author can see it."]


def test_each_tool_section_is_paginated_on_its_own(as_user, workspace, manager, notes_tool, settings):
    settings.ENGAGE_PAGE_SIZE = 2
    for title in ("First", "Second", "Third"):
        note(workspace, title, view=Access.MANAGERS)
    client = as_user(manager)
    page1 = note_section(review(client, workspace))
    assert [r.item.title for r in page1.rows] == ["Third", "Second"]
    assert page1.links == {"next": "?page_dummytool_note=2"}
    page2 = note_section(review(client, workspace, page_dummytool_note="2"))
    assert [r.item.title for r in page2.rows] == ["First"]
    for bad in ("0", "-1", "abc", "99999999999999999999"):
        assert note_section(review(client, workspace, page_dummytool_note=bad)).page.number in (1, 2)


def test_a_tool_that_is_not_enabled_is_not_reviewed(as_user, workspace, manager):
    with registry.register_temporarily(DUMMY_TOOL):
        note(workspace, "Hidden tool's item", view=Access.MANAGERS)
        response = review(as_user(manager), workspace)
    assert [s for s in response.context["sections"] if s.model is Note] == []


def test_team_sizes_are_shown(as_user, workspace, manager, reader, contributor, notes_tool):
    make_team(workspace, "Task force", members=[reader, contributor])
    make_team(workspace, "Empty")
    response = review(as_user(manager), workspace)
    assert [(t.name, t.size) for t in response.context["teams_page"]] == [("Empty", 0), ("Task force", 2)]


# --- Query count --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 30])
def test_review_query_count_does_not_grow_with_items_or_teams(
    as_user, workspace, manager, notes_tool, size, django_assert_max_num_queries
):
    people = [make_user(f"p{i}@example.org") for i in range(5)]
    for person in people:
        add_member(workspace, person, Role.CONTRIBUTOR)
    teams = [make_team(workspace, f"Team {i:02}", members=people) for i in range(size)]
    for i in range(size):
        note(workspace, f"Note {i}", author=people[i % 5], view=Access.TEAMS, change=Access.TEAMS,
             view_teams=teams[i : i + 2], change_teams=teams[i : i + 1])
    client = as_user(manager)
    review(client, workspace)
    # session, user, workspace with role, role counts, team COUNT, page of teams with sizes;
    # then per enabled item model (other tools may be enabled too): counts, page, team grants.
    models = len(item_models(workspace))
    with django_assert_max_num_queries(6 + 3 * models):
        response = review(client, workspace)
    section = note_section(response)
    assert len(section.rows) == min(size, 25)
    assert all("Team" in row.who_sees and "Team" in row.who_changes for row in section.rows)
