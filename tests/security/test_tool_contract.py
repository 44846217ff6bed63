"""The contract every registered tool keeps (contract.py says what each check means)."""

import ast
from pathlib import Path

import pytest

from workspaces import permissions, registry

from . import contract, tables
from .urlwalk import tool_routes

TOOLS = registry.all_tools()
SLUGS = [tool.slug for tool in TOOLS]
DECLARED = [tables.TOOLS[slug] for slug in SLUGS if slug in tables.TOOLS]


def test_every_registered_tool_declares_its_table():
    assert not tables.ERRORS, "\n".join(tables.ERRORS)


def _imported_apps(path):
    """Top-level names a file imports: `links` for `import links.models`, `from links import x`
    and, in tests/, `from ..links.security import y`."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            yield parts[1] if parts[0] == "tests" and len(parts) > 1 else parts[0]


def test_the_walker_imports_no_tool_and_no_tool_table_imports_another_tool():
    # So that adding a tool touches only its own folders (and INSTALLED_APPS).
    apps = {tool.app_label for tool in TOOLS}
    tests = Path(__file__).resolve().parent.parent
    bad = [f"{path.relative_to(tests)} imports {app}" for path in sorted((tests / "security").rglob("*.py"))
           for app in _imported_apps(path) if app in apps]
    for app in sorted(apps):
        path = tests / app / "security.py"
        if path.exists():
            bad += [f"{path.relative_to(tests)} imports {other}" for other in _imported_apps(path)
                    if other in apps - {app}]
    assert bad == []


@pytest.mark.parametrize("tool", TOOLS, ids=SLUGS)
def test_every_url_of_the_tool_is_declared(tool):
    contract.check_every_url_is_declared(contract.check_declares_its_table(tool))


@pytest.mark.parametrize("tool", TOOLS, ids=SLUGS)
def test_the_index_opens_for_a_reader(tool, private, reader):
    contract.check_index_opens_for_a_reader(tool, private, reader)


DISABLED_CASES = [(t, route) for t in DECLARED for route in tool_routes(t.tool) if route.name]


@pytest.mark.parametrize("tool_tables, route", DISABLED_CASES, ids=[route.name for _, route in DISABLED_CASES])
def test_a_disabled_tool_is_not_found_even_for_site_admins(tool_tables, route, private, personas):
    contract.check_disabled_url_is_gone(tool_tables, route, private, personas)


# Bugs in app code that these checks found, until they are fixed (strict: the test says so
# when the fix lands, and this entry must go).
KNOWN_BUGS = {}


def _case(values, name):
    if name in KNOWN_BUGS:
        return pytest.param(*values, id=name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name]))
    return pytest.param(*values, id=name)


ARCHIVED_CASES = [_case((t, name), name) for t in DECLARED for name in sorted(t.POST_DATA)]


@pytest.mark.parametrize("tool_tables, name", ARCHIVED_CASES)
def test_an_archived_workspace_refuses_every_post_of_the_tool(tool_tables, name, private, personas):
    contract.check_archived_post_is_refused(tool_tables, name, private, personas)


# (A tool without demo data, or without item models, has nothing to check here.)
@pytest.mark.parametrize("tool", [t for t in TOOLS if contract.demo_module_of(t)],
                         ids=[t.slug for t in TOOLS if contract.demo_module_of(t)])
def test_the_demo_data_is_idempotent(tool, db):
    contract.check_demo_is_idempotent(tool)


# Every policy, not only the tools' items: their children (reviews), the horizontal apps' (comments)
# and the core's (workspaces).
POLICY_MODELS = sorted(permissions.declared_policies(), key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", POLICY_MODELS, ids=[model._meta.label for model in POLICY_MODELS])
def test_can_visible_and_the_bulk_answer_agree_for_every_policy_persona_and_object(model, fresh_world, elsewhere):
    places = [fresh_world.private, fresh_world.public, elsewhere]
    users = [*fresh_world.users(), elsewhere.reader, elsewhere.manager]
    contract.check_policy_agrees(model, users, places)


# (A tool without home hooks shows its description on the home: nothing to check.)
HOME_TOOLS = [t for t in TOOLS if t.latest or t.waiting_for]


@pytest.mark.parametrize("tool", HOME_TOOLS, ids=[t.slug for t in HOME_TOOLS])
def test_the_home_blocks_show_only_what_the_person_may_see(tool, fresh_world, elsewhere):
    contract.check_home_shows_only_what_may_be_seen(
        tool, [*fresh_world.users(), elsewhere.reader, elsewhere.manager], [fresh_world.private, fresh_world.public,
                                                                            elsewhere])
