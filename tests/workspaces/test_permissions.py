"""The core permission layer (can / require / visible, and user.has_perm) on the dummy tool's
Note, independently of any real tool.

Every expectation is written out by hand below, per persona, per action, per item access
setting, for a private and for a public workspace. Outcomes:
    Y   allowed
    NF  refused as "not found" (require raises Http404: existence is hidden)
    NO  refused with a reason (require raises PermissionDenied)

World: in each workspace a team "Insiders" holding every persona (the outsider and the site
admin are put straight into its auth group, as a stale or forged team membership would be), a
team "Others" holding only the author, and one Note per access setting, written by the author
(a separate contributor), so no persona is the author unless a test says so.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.dummytool.models import Note
from workspaces.models import Access, Role, Workspace
from workspaces.permissions import can, forget, require, visible
from workspaces.permissions.roles import ARCHIVED_REASON
from workspaces.services.items import set_item_teams
from workspaces.services.memberships import membership_change_role

from ..builders import add_member, make_team, make_user, make_workspace, membership

Y, NF, NO = "Y", "NF", "NO"
PERSONAS = ["anonymous", "outsider", "reader", "contributor", "manager", "site_admin"]
ACTIONS = ["view", "change", "delete"]

# setting name -> (view_access, view team, change_access, change team)
SETTINGS = {
    "view anyone": (Access.ANYONE, None, Access.MEMBERS, None),
    "view members": (Access.MEMBERS, None, Access.MEMBERS, None),
    "view managers": (Access.MANAGERS, None, Access.MEMBERS, None),
    "view teams, persona in team": (Access.TEAMS, "in", Access.MEMBERS, None),
    "view teams, persona not in team": (Access.TEAMS, "out", Access.MEMBERS, None),
    "change managers": (Access.ANYONE, None, Access.MANAGERS, None),
    "change teams, persona in team": (Access.ANYONE, None, Access.TEAMS, "in"),
    "change teams, persona not in team": (Access.ANYONE, None, Access.TEAMS, "out"),
}

# --- Expected outcomes: (view, change, delete) per persona --------------------------------

PRIVATE_ITEM_TABLE = {
    "view anyone": {
        "anonymous": (NF, NF, NF),
        "outsider": (NF, NF, NF),
        "reader": (Y, NO, NO),
        "contributor": (Y, Y, NO),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "view members": {
        "anonymous": (NF, NF, NF),
        "outsider": (NF, NF, NF),
        "reader": (Y, NO, NO),
        "contributor": (Y, Y, NO),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "view managers": {
        "anonymous": (NF, NF, NF),
        "outsider": (NF, NF, NF),
        "reader": (NF, NF, NF),
        "contributor": (NF, NF, NF),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "view teams, persona in team": {
        "anonymous": (NF, NF, NF),
        "outsider": (NF, NF, NF),  # in the team's group, but not a member: the grant is void
        "reader": (Y, NO, NO),
        "contributor": (Y, Y, NO),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "view teams, persona not in team": {
        "anonymous": (NF, NF, NF),
        "outsider": (NF, NF, NF),
        "reader": (NF, NF, NF),
        "contributor": (NF, NF, NF),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "change managers": {
        "anonymous": (NF, NF, NF),
        "outsider": (NF, NF, NF),
        "reader": (Y, NO, NO),
        "contributor": (Y, NO, NO),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "change teams, persona in team": {
        "anonymous": (NF, NF, NF),
        "outsider": (NF, NF, NF),
        "reader": (Y, NO, NO),  # in a team with the change grant, but a reader: the role wins
        "contributor": (Y, Y, NO),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "change teams, persona not in team": {
        "anonymous": (NF, NF, NF),
        "outsider": (NF, NF, NF),
        "reader": (Y, NO, NO),
        "contributor": (Y, NO, NO),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
}

PUBLIC_ITEM_TABLE = {
    "view anyone": {
        "anonymous": (Y, NO, NO),
        "outsider": (Y, NO, NO),
        "reader": (Y, NO, NO),
        "contributor": (Y, Y, NO),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "view members": {
        "anonymous": (NF, NF, NF),
        "outsider": (NF, NF, NF),
        "reader": (Y, NO, NO),
        "contributor": (Y, Y, NO),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "view managers": {
        "anonymous": (NF, NF, NF),
        "outsider": (NF, NF, NF),
        "reader": (NF, NF, NF),
        "contributor": (NF, NF, NF),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "view teams, persona in team": {
        "anonymous": (NF, NF, NF),
        "outsider": (NF, NF, NF),
        "reader": (Y, NO, NO),
        "contributor": (Y, Y, NO),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "view teams, persona not in team": {
        "anonymous": (NF, NF, NF),
        "outsider": (NF, NF, NF),
        "reader": (NF, NF, NF),
        "contributor": (NF, NF, NF),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "change managers": {
        "anonymous": (Y, NO, NO),
        "outsider": (Y, NO, NO),
        "reader": (Y, NO, NO),
        "contributor": (Y, NO, NO),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "change teams, persona in team": {
        "anonymous": (Y, NO, NO),
        "outsider": (Y, NO, NO),  # in the team's group, but not a contributor
        "reader": (Y, NO, NO),
        "contributor": (Y, Y, NO),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
    "change teams, persona not in team": {
        "anonymous": (Y, NO, NO),
        "outsider": (Y, NO, NO),
        "reader": (Y, NO, NO),
        "contributor": (Y, NO, NO),
        "manager": (Y, Y, Y),
        "site_admin": (Y, Y, Y),
    },
}

# dummytool.add_note on the workspace itself.
ADD_TABLE = {
    "private": {"anonymous": NF, "outsider": NF, "reader": NO, "contributor": Y, "manager": Y, "site_admin": Y},
    "public": {"anonymous": NO, "outsider": NO, "reader": NO, "contributor": Y, "manager": Y, "site_admin": Y},
}

# Archived: reads as before, every write refused (with the archived reason when they can see it).
ARCHIVED_TABLE = {
    "private": {
        "anonymous": {"view": NF, "change": NF, "delete": NF, "add": NF},
        "outsider": {"view": NF, "change": NF, "delete": NF, "add": NF},
        "reader": {"view": Y, "change": NO, "delete": NO, "add": NO},
        "contributor": {"view": Y, "change": NO, "delete": NO, "add": NO},
        "manager": {"view": Y, "change": NO, "delete": NO, "add": NO},
        "site_admin": {"view": Y, "change": NO, "delete": NO, "add": NO},
    },
    "public": {
        "anonymous": {"view": Y, "change": NO, "delete": NO, "add": NO},
        "outsider": {"view": Y, "change": NO, "delete": NO, "add": NO},
        "reader": {"view": Y, "change": NO, "delete": NO, "add": NO},
        "contributor": {"view": Y, "change": NO, "delete": NO, "add": NO},
        "manager": {"view": Y, "change": NO, "delete": NO, "add": NO},
        "site_admin": {"view": Y, "change": NO, "delete": NO, "add": NO},
    },
}

# Titles visible() must return per persona, over every Note in the world.
EVERY_ROLE_SEES = {
    "private: view anyone",
    "private: view members",
    "private: view teams, persona in team",
    "private: change managers",
    "private: change teams, persona in team",
    "private: change teams, persona not in team",
    "public: view anyone",
    "public: view members",
    "public: view teams, persona in team",
    "public: change managers",
    "public: change teams, persona in team",
    "public: change teams, persona not in team",
}
MANAGER_SEES = EVERY_ROLE_SEES | {
    "private: view managers",
    "private: view teams, persona not in team",
    "public: view managers",
    "public: view teams, persona not in team",
}
VISIBLE_TABLE = {
    "anonymous": {
        "public: view anyone",
        "public: change managers",
        "public: change teams, persona in team",
        "public: change teams, persona not in team",
    },
    "outsider": {
        "public: view anyone",
        "public: change managers",
        "public: change teams, persona in team",
        "public: change teams, persona not in team",
    },
    "reader": EVERY_ROLE_SEES,
    "contributor": EVERY_ROLE_SEES,
    "manager": MANAGER_SEES,
    "site_admin": MANAGER_SEES | {"elsewhere: view anyone", "elsewhere: view members"},
}

# --- The world ----------------------------------------------------------------------------


def make_note(workspace, author, title, view=Access.ANYONE, change=Access.MEMBERS, view_teams=(), change_teams=()):
    note = Note.objects.create(
        workspace=workspace, created_by=author, title=title, view_access=view, change_access=change
    )
    if view_teams or change_teams:
        set_item_teams(note, view_teams=view_teams, change_teams=change_teams)
    return note


@pytest.fixture
def author(workspace, public_workspace):
    user = make_user("author@example.org", "Alex Author")
    add_member(workspace, user, Role.CONTRIBUTOR)
    add_member(public_workspace, user, Role.CONTRIBUTOR)
    return user


@pytest.fixture
def world(workspace, public_workspace, personas, author, organisation):
    """{"private"|"public": {setting: Note}}, plus "elsewhere" (a workspace nobody here is in)."""
    notes = {}
    for kind, ws in (("private", workspace), ("public", public_workspace)):
        insiders = make_team(ws, "Insiders", members=[personas[p] for p in ("reader", "contributor", "manager")])
        insiders.group.user_set.add(personas["outsider"], personas["site_admin"])
        others = make_team(ws, "Others", members=[author])
        teams = {"in": [insiders], "out": [others], None: []}
        notes[kind] = {
            name: make_note(ws, author, f"{kind}: {name}", view=v, change=c, view_teams=teams[vt],
                            change_teams=teams[ct])
            for name, (v, vt, c, ct) in SETTINGS.items()
        }
    elsewhere = make_workspace(name="Elsewhere", slug="elsewhere", organisation=organisation)
    notes["elsewhere"] = {
        "view anyone": make_note(elsewhere, None, "elsewhere: view anyone"),
        "view members": make_note(elsewhere, None, "elsewhere: view members", view=Access.MEMBERS),
    }
    return notes


def user_for(personas, name):
    return personas[name] or AnonymousUser()


def outcome(user, perm, obj):
    """Y / NF / NO through require(), checking that can() says the same."""
    forget(user)  # as on a fresh request
    try:
        require(user, perm, obj)
        result = Y
    except Http404:
        result = NF
    except PermissionDenied:
        result = NO
    assert can(user, perm, obj) is (result == Y)
    return result


def fresh(note):
    return Note.objects.select_related("workspace").get(pk=note.pk)


def archive(workspace):
    Workspace.objects.filter(pk=workspace.pk).update(is_archived=True)
    workspace.refresh_from_db()


# --- The tables ---------------------------------------------------------------------------


@pytest.mark.parametrize("setting", list(PRIVATE_ITEM_TABLE))
def test_item_permissions_in_a_private_workspace(world, personas, setting):
    note = world["private"][setting]
    got = {
        persona: tuple(outcome(user_for(personas, persona), f"dummytool.{a}_note", note) for a in ACTIONS)
        for persona in PERSONAS
    }
    assert got == PRIVATE_ITEM_TABLE[setting]


@pytest.mark.parametrize("setting", list(PUBLIC_ITEM_TABLE))
def test_item_permissions_in_a_public_workspace(world, personas, setting):
    note = world["public"][setting]
    got = {
        persona: tuple(outcome(user_for(personas, persona), f"dummytool.{a}_note", note) for a in ACTIONS)
        for persona in PERSONAS
    }
    assert got == PUBLIC_ITEM_TABLE[setting]


def test_both_tables_cover_every_setting_and_persona():
    for table in (PRIVATE_ITEM_TABLE, PUBLIC_ITEM_TABLE):
        assert set(table) == set(SETTINGS)
        assert all(set(row) == set(PERSONAS) for row in table.values())


@pytest.mark.parametrize("kind", ["private", "public"])
def test_adding_an_item_to_the_workspace(world, personas, workspace, public_workspace, kind):
    ws = workspace if kind == "private" else public_workspace
    got = {p: outcome(user_for(personas, p), "dummytool.add_note", ws) for p in PERSONAS}
    assert got == ADD_TABLE[kind]


@pytest.mark.parametrize("kind", ["private", "public"])
def test_archived_workspace_allows_reads_and_refuses_every_write(world, personas, workspace, public_workspace, kind):
    ws = workspace if kind == "private" else public_workspace
    archive(ws)
    note = fresh(world[kind]["view anyone"])
    got = {}
    for persona in PERSONAS:
        user = user_for(personas, persona)
        got[persona] = {a: outcome(user, f"dummytool.{a}_note", note) for a in ACTIONS}
        got[persona]["add"] = outcome(user, "dummytool.add_note", ws)
    assert got == ARCHIVED_TABLE[kind]


def test_archived_refusals_give_the_archived_reason(world, personas, workspace, author):
    archive(workspace)
    note = fresh(world["private"]["view anyone"])
    for user in (personas["reader"], personas["contributor"], personas["manager"], personas["site_admin"], author):
        forget(user)
        for perm, obj in (("dummytool.change_note", note), ("dummytool.delete_note", note),
                          ("dummytool.add_note", workspace)):
            with pytest.raises(PermissionDenied) as refused:
                require(user, perm, obj)
            assert str(refused.value) == ARCHIVED_REASON


def test_archived_workspace_refuses_membership_and_team_changes_but_not_unarchiving(world, manager, workspace):
    archive(workspace)
    assert not can(manager, "workspaces.manage_members", workspace)
    assert not can(manager, "workspaces.manage_teams", workspace)
    assert can(manager, "workspaces.view_members", workspace)
    assert can(manager, "workspaces.view_audit", workspace)
    # Settings stay open so that a manager can un-archive.
    assert can(manager, "workspaces.change_workspace", workspace)


# --- visible() ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_visible_returns_exactly_the_rows_each_persona_may_see(world, personas, persona, django_assert_num_queries):
    user = user_for(personas, persona)
    ContentType.objects.get_for_model(Note)  # warm the content-type cache, as in a running site
    with django_assert_num_queries(1):
        titles = set(visible(user, Note.objects.all()).values_list("title", flat=True))
    assert titles == VISIBLE_TABLE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_visible_agrees_with_can_view(world, personas, persona):
    user = user_for(personas, persona)
    seen = set(visible(user, Note.objects.all()).values_list("pk", flat=True))
    allowed = {n.pk for n in Note.objects.select_related("workspace") if can(user, "dummytool.view_note", n)}
    assert seen == allowed


def test_visible_costs_one_query_however_many_teams_and_notes(world, personas, workspace, django_assert_num_queries):
    reader = personas["reader"]
    for i in range(30):
        team = make_team(workspace, f"Extra team {i}", members=[reader])
        make_note(workspace, None, f"extra {i}", view=Access.TEAMS, view_teams=[team])
    ContentType.objects.get_for_model(Note)
    with django_assert_num_queries(1):
        titles = set(visible(reader, Note.objects.all()).values_list("title", flat=True))
    assert titles == EVERY_ROLE_SEES | {f"extra {i}" for i in range(30)}


# --- require() ----------------------------------------------------------------------------


def test_require_returns_the_object_when_allowed(world, reader):
    note = world["private"]["view anyone"]
    assert require(reader, "dummytool.view_note", note) is note


def test_require_raises_404_when_the_user_may_not_see_the_item(world, outsider, reader):
    with pytest.raises(Http404):
        require(outsider, "dummytool.change_note", world["private"]["view anyone"])
    with pytest.raises(Http404):
        require(reader, "dummytool.view_note", world["private"]["view managers"])
    with pytest.raises(Http404):
        require(reader, "dummytool.change_note", world["private"]["view teams, persona not in team"])


def test_require_gives_the_reason_when_the_user_can_see_but_not_act(world, reader, contributor):
    with pytest.raises(PermissionDenied) as refused:
        require(reader, "dummytool.change_note", world["private"]["view anyone"])
    assert str(refused.value) == (
        "Readers can read but not add or change content. Ask a manager of this workspace for contributor access."
    )
    with pytest.raises(PermissionDenied) as refused:
        require(contributor, "dummytool.delete_note", world["private"]["view anyone"])
    assert str(refused.value) == "Only managers of this workspace can do this."


def test_anonymous_visitor_of_a_public_workspace_is_refused_with_a_reason_not_a_404(world):
    with pytest.raises(PermissionDenied):
        require(AnonymousUser(), "dummytool.change_note", world["public"]["view anyone"])


# --- user.has_perm() ----------------------------------------------------------------------


@pytest.mark.parametrize("archived", [False, True])
def test_has_perm_agrees_with_can_for_every_persona_item_and_action(world, personas, workspace, public_workspace,
                                                                     archived):
    if archived:
        archive(workspace)
        archive(public_workspace)
    notes = [fresh(n) for kind in ("private", "public") for n in world[kind].values()]
    disagreements = []
    for persona in PERSONAS:
        user = user_for(personas, persona)
        checks = [(f"dummytool.{a}_note", n) for n in notes for a in ACTIONS]
        checks += [("dummytool.add_note", ws) for ws in (workspace, public_workspace)]
        for perm, obj in checks:
            forget(user)
            if user.has_perm(perm, obj) != can(user, perm, obj):
                disagreements.append((persona, perm, str(obj)))
    assert disagreements == []


# --- Authors, and the role winning over team grants ---------------------------------------


def test_author_can_change_and_delete_their_item_even_when_only_managers_may_change_it(world, author, contributor):
    note = world["private"]["change managers"]
    assert outcome(author, "dummytool.change_note", note) == Y
    assert outcome(author, "dummytool.delete_note", note) == Y
    assert outcome(contributor, "dummytool.change_note", note) == NO
    assert outcome(contributor, "dummytool.delete_note", note) == NO


def test_author_can_change_and_delete_their_item_limited_to_a_team_they_are_not_in(world, author):
    # "change teams, persona in team" grants change to Insiders; the author is only in Others.
    note = world["private"]["change teams, persona in team"]
    assert outcome(author, "dummytool.change_note", note) == Y
    assert outcome(author, "dummytool.delete_note", note) == Y


def test_only_the_author_and_managers_may_change_who_sees_or_changes_an_item(world, author, contributor, manager,
                                                                            reader):
    note = world["private"]["view anyone"]  # change_access "members": any contributor edits its content
    assert outcome(contributor, "dummytool.change_note", note) == Y
    assert outcome(contributor, "dummytool.restrict_note", note) == NO
    assert outcome(author, "dummytool.restrict_note", note) == Y
    assert outcome(manager, "dummytool.restrict_note", note) == Y
    assert outcome(reader, "dummytool.restrict_note", note) == NO


def test_author_demoted_to_reader_can_no_longer_change_their_item(world, author, workspace, manager):
    membership_change_role(actor=manager, membership=membership(workspace, author), role=Role.READER)
    note = world["private"]["change managers"]
    assert outcome(author, "dummytool.view_note", note) == Y
    assert outcome(author, "dummytool.change_note", note) == NO
    assert outcome(author, "dummytool.delete_note", note) == NO


def test_reader_in_a_team_with_the_change_grant_still_cannot_change(world, reader):
    note = world["private"]["change teams, persona in team"]
    assert reader.groups.filter(team__name="Insiders").exists()
    with pytest.raises(PermissionDenied) as refused:
        require(reader, "dummytool.change_note", note)
    assert "Readers can read" in str(refused.value)


def test_contributor_leaving_the_granted_team_loses_the_change_grant(world, contributor, workspace):
    note = world["private"]["change teams, persona in team"]
    assert outcome(contributor, "dummytool.change_note", note) == Y
    workspace.teams.get(name="Insiders").group.user_set.remove(contributor)
    assert outcome(contributor, "dummytool.change_note", note) == NO


def test_deleting_the_only_granted_team_leaves_the_item_to_managers(world, contributor, manager, workspace):
    from workspaces.services.teams import team_delete

    note = world["private"]["view teams, persona in team"]
    team_delete(actor=manager, team=workspace.teams.get(name="Insiders"))
    assert outcome(contributor, "dummytool.view_note", note) == NF
    assert outcome(manager, "dummytool.view_note", note) == Y


def test_author_sees_their_own_items_however_they_are_limited(world, author, contributor, django_assert_num_queries):
    limited = ["view managers", "view teams, persona in team"]  # the author is not in Insiders
    for setting in limited:
        note = world["private"][setting]
        assert outcome(author, "dummytool.view_note", note) == Y
        assert outcome(author, "dummytool.change_note", note) == Y
        assert outcome(contributor, "dummytool.view_note", world["private"]["view managers"]) == NF
    ContentType.objects.get_for_model(Note)
    with django_assert_num_queries(1):
        titles = set(visible(author, Note.objects.all()).values_list("title", flat=True))
    # Everything a contributor sees, plus their own limited notes in both workspaces.
    assert titles == EVERY_ROLE_SEES | {
        "private: view managers",
        "private: view teams, persona in team",
        "private: view teams, persona not in team",
        "public: view managers",
        "public: view teams, persona in team",
        "public: view teams, persona not in team",
    }


def test_author_who_left_the_workspace_no_longer_sees_their_limited_items(world, author, workspace, manager):
    from workspaces.services.memberships import membership_remove

    membership_remove(actor=manager, membership=membership(workspace, author))
    assert outcome(author, "dummytool.view_note", world["private"]["view managers"]) == NF
    assert outcome(author, "dummytool.view_note", world["private"]["view anyone"]) == NF
    assert "private: view managers" not in set(visible(author, Note.objects.all()).values_list("title", flat=True))
