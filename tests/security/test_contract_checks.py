"""The contract checks fail when they should: a registered tool without a table, a URL not
declared, a view that ignores the tool switch or the archive, policies that disagree, demo
data that grows. Each is shown with the fake tool (faketool/), whose `add` view keeps the
rules and whose `leaky` view keeps none; and each check passes for what keeps the rules, so
that the failures are the checks' doing."""

import re
from dataclasses import replace
from types import SimpleNamespace

import pytest
from django.test import override_settings

from tests.dummytool.models import Note
from workspaces import registry
from workspaces.models import Workspace
from workspaces.permissions import Policy, register_policy
from workspaces.permissions.policies import Decision, policy_for

from . import contract, tables
from .faketool import FAKE_TOOL
from .outcomes import LOGIN, WORKSPACE
from .urlwalk import tool_routes

ROW = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
       "site_admin": 200}
WRITE_ROW = {**ROW, "reader": 403}
LEAKY_ROW = {"access": "public", **{p: 200 for p in ROW if p != "access"}}


def fake_tables(**overrides):
    names = {"MATRIX": {"faketool:index": ROW, "faketool:add": WRITE_ROW, "faketool:leaky": LEAKY_ROW},
             "POST_DATA": {"faketool:add": {"title": "Injected"}, "faketool:leaky": {}},
             "build": lambda place, personas: {}}
    return tables.ToolTables.from_module(FAKE_TOOL, SimpleNamespace(__name__="faketool", **{**names, **overrides}))


def route(name):
    return next(r for r in tool_routes(FAKE_TOOL) if r.name == name)


@pytest.fixture
def mounted(private):
    """The fake tool registered, mounted in the URLconf and switched on in the private workspace."""
    workspace = Workspace.objects.get(pk=private.workspace.pk)
    Workspace.objects.filter(pk=workspace.pk).update(enabled_tools=[*workspace.enabled_tools, FAKE_TOOL.slug])
    with registry.register_temporarily(FAKE_TOOL), override_settings(ROOT_URLCONF="tests.security.faketool.root_urls"):
        yield


# --- 1. The table ------------------------------------------------------------------------------


def test_a_registered_tool_without_a_table_fails_the_suite():
    with registry.register_temporarily(FAKE_TOOL):
        _, errors = tables.collect()
        with pytest.raises(tables.MissingTables, match="write tests/dummytool/security.py"):
            contract.check_declares_its_table(FAKE_TOOL)
    assert len(errors) == 1 and "'faketool' is registered but declares no permission table" in errors[0]


def test_a_table_without_rows_or_build_fails():
    with pytest.raises(tables.MissingTables, match="must define MATRIX and build"):
        tables.ToolTables.from_module(FAKE_TOOL, SimpleNamespace(__name__="faketool"))


def test_the_complete_table_passes():
    contract.check_every_url_is_declared(fake_tables())


def test_a_url_not_declared_fails():
    rows = {"faketool:index": ROW, "faketool:add": WRITE_ROW}
    with pytest.raises(AssertionError, match=r"not declared in MATRIX: faketool:leaky /w/<slug:workspace>/faketool/"):
        contract.check_every_url_is_declared(fake_tables(MATRIX=rows))


def test_a_row_for_a_url_the_tool_does_not_have_fails():
    rows = {**fake_tables().MATRIX, "faketool:gone": ROW}
    with pytest.raises(AssertionError, match="a row for a URL the tool does not have: faketool:gone"):
        contract.check_every_url_is_declared(fake_tables(MATRIX=rows, PUBLIC_MATRIX={"faketool:also_gone": ROW}))


def test_a_wrong_marker_or_a_missing_persona_fails():
    rows = {**fake_tables().MATRIX, "faketool:leaky": ROW,
            "faketool:add": {k: v for k, v in WRITE_ROW.items() if k != "manager"}}
    with pytest.raises(AssertionError) as failure:
        contract.check_every_url_is_declared(fake_tables(MATRIX=rows))
    assert "faketool:leaky: the view's marker is 'public', the row says 'workspace'" in str(failure.value)
    assert "faketool:add: no outcome for ['manager']" in str(failure.value)


def test_a_url_argument_without_a_builder_fails(monkeypatch):
    with_an_id = replace(route("faketool:leaky"), params=("workspace", "note_id"))
    monkeypatch.setattr(contract, "tool_routes", lambda tool: [with_an_id])
    with pytest.raises(AssertionError, match=r"faketool:leaky: no kwargs builder for \['note_id'\]"):
        contract.check_every_url_is_declared(fake_tables(MATRIX={"faketool:leaky": LEAKY_ROW}))


# --- 2. The index ------------------------------------------------------------------------------


def test_an_index_that_a_reader_cannot_open_fails(mounted, private, reader):
    contract.check_index_opens_for_a_reader(FAKE_TOOL, private, reader)
    with pytest.raises(AssertionError, match="its index .* answered 403 to a reader"):
        contract.check_index_opens_for_a_reader(replace(FAKE_TOOL, home_view="add"), private, reader)


# --- 3. Switched off ---------------------------------------------------------------------------


def test_a_view_that_keeps_the_switch_passes(mounted, private, personas):
    contract.check_disabled_url_is_gone(fake_tables(), route("faketool:add"), private, personas)


def test_a_view_that_ignores_the_switch_fails(mounted, private, personas):
    with pytest.raises(AssertionError) as failure:
        contract.check_disabled_url_is_gone(fake_tables(), route("faketool:leaky"), private, personas)
    message = str(failure.value)
    assert "GET as site_admin: expected 404, got 200" in message
    assert "POST as anonymous: expected login, got 200; changed: ['dummytool.Note']" in message


# --- 4. Archived -------------------------------------------------------------------------------


def test_a_write_refused_in_an_archived_workspace_passes(mounted, private, personas):
    contract.check_archived_post_is_refused(fake_tables(), "faketool:add", private, personas, route("faketool:add"))


def test_a_write_in_an_archived_workspace_fails(mounted, private, personas):
    with pytest.raises(AssertionError, match=r"manager: got 200; changed: \['dummytool.Note'\]"):
        contract.check_archived_post_is_refused(fake_tables(), "faketool:leaky", private, personas,
                                                route("faketool:leaky"))


# --- 5. Demo data ------------------------------------------------------------------------------


def _demo(idempotent):
    def seed_demo(workspace, users):
        if not (idempotent and Note.objects.filter(workspace=workspace, title="Demo note").exists()):
            Note.objects.create(workspace=workspace, title="Demo note")

    return SimpleNamespace(seed_demo=seed_demo)


def test_demo_data_made_once_passes(db):
    contract.check_demo_is_idempotent(FAKE_TOOL, _demo(idempotent=True))


def test_demo_data_made_again_fails(db):
    changed = r"seed_demo run again changed row counts .*'dummytool.Note': \(\d+, \d+\)"
    with pytest.raises(AssertionError, match=changed):
        contract.check_demo_is_idempotent(FAKE_TOOL, _demo(idempotent=False))


# --- 6. Policies agree -------------------------------------------------------------------------


class ListsNothing(Policy):
    """A policy whose lists forget what its checks allow."""

    def __init__(self, real):
        self.real = real

    def decide(self, user, perm, obj):
        return self.real.decide(user, perm, obj)

    def visible(self, user, queryset):
        return queryset.none()


class HidesTheNewest(ListsNothing):
    """Lists everything it should, but its checks say "not found" for the newest note."""

    def decide(self, user, perm, obj):
        if obj.pk == Note.objects.order_by("-pk").values_list("pk", flat=True).first():
            return Decision(False, "not_found")
        return self.real.decide(user, perm, obj)

    def visible(self, user, queryset):
        return self.real.visible(user, queryset)


@pytest.fixture
def policy_of_notes():
    """Put a policy on Note for one test (and the real one back)."""
    real = policy_for(Note)
    yield lambda make: register_policy(Note, make(real))
    register_policy(Note, real)


def test_policies_that_agree_pass(fresh_world, elsewhere):
    contract.check_policies_agree(FAKE_TOOL, [*fresh_world.users(), elsewhere.reader, elsewhere.manager],
                                  [fresh_world.private, fresh_world.public, elsewhere])


@pytest.mark.parametrize("policy, says", [(ListsNothing, "can() says True, visible() says False"),
                                          (HidesTheNewest, "can() says False, visible() says True")])
def test_policies_that_disagree_fail(policy, says, policy_of_notes, fresh_world, elsewhere):
    policy_of_notes(policy)
    with pytest.raises(AssertionError, match=f"the policies disagree:\n  as built: .*{re.escape(says)}"):
        contract.check_policies_agree(FAKE_TOOL, [*fresh_world.users(), elsewhere.reader, elsewhere.manager],
                                      [fresh_world.private, fresh_world.public, elsewhere])


# --- 7. The home's blocks -----------------------------------------------------------------------


def _note_entries(notes):
    return [registry.HomeEntry(title=note.title, url=f"/notes/{note.pk}/") for note in notes]


def _check_home(latest, fresh_world, elsewhere):
    from tests.dummytool.apps import DUMMY_TOOL

    tool = replace(DUMMY_TOOL, latest=latest)
    with registry.register_temporarily(tool):
        contract.check_home_shows_only_what_may_be_seen(
            tool, [*fresh_world.users(), elsewhere.reader], [fresh_world.private, fresh_world.public, elsewhere],
            url_of=lambda note: f"/notes/{note.pk}/")


def test_home_blocks_that_start_from_visible_pass(fresh_world, elsewhere):
    from workspaces.permissions import visible

    _check_home(lambda user, workspace, limit: _note_entries(
        visible(user, Note.objects.filter(workspace=workspace))[:limit]), fresh_world, elsewhere)


def test_home_blocks_that_forget_visible_fail(fresh_world, elsewhere):
    with pytest.raises(AssertionError, match="which visible\\(\\) does not give them"):
        _check_home(lambda user, workspace, limit: _note_entries(Note.objects.filter(workspace=workspace)[:limit]),
                    fresh_world, elsewhere)


def test_home_blocks_longer_than_asked_fail(fresh_world, elsewhere):
    from workspaces.permissions import visible

    with pytest.raises(AssertionError, match="at most 5 HomeEntry lines"):
        _check_home(lambda user, workspace, limit: _note_entries(
            list(visible(user, Note.objects.filter(workspace=workspace))) * 6), fresh_world, elsewhere)
