"""Dependency direction, read from the imports themselves (ast):
workspaces.lib <- core (accounts, workspaces) <- horizontal apps <- tools <- engage.
No tool imports another tool, the core imports no tool, and no app imports `engage`."""

import ast
from pathlib import Path

import pytest

from workspaces import registry

ROOT = Path(__file__).resolve().parent.parent
CORE = {"accounts", "workspaces"}
HORIZONTAL = {"notifications"}


def tool_apps():
    return {tool.app_label for tool in registry.all_tools()}


def imported_top_levels(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0], node.module, node.lineno


def imports_of(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for top, full, line in imported_top_levels(path):
            yield path.relative_to(ROOT), top, full, line


def test_there_is_at_least_one_tool():
    assert "links" in tool_apps()


@pytest.mark.parametrize("app", sorted(CORE | HORIZONTAL))
def test_core_and_horizontal_apps_import_no_tool(app):
    bad = [f"{p}:{line} imports {full}" for p, top, full, line in imports_of(app) if top in tool_apps()]
    assert bad == []


def test_core_does_not_import_horizontal_apps():
    bad = [f"{p}:{line} imports {full}" for app in CORE for p, top, full, line in imports_of(app) if top in HORIZONTAL]
    assert bad == []


def test_no_tool_imports_another_tool():
    tools = tool_apps()
    bad = [
        f"{p}:{line} imports {full}"
        for app in tools
        for p, top, full, line in imports_of(app)
        if top in tools and top != app
    ]
    assert bad == []


def test_no_app_imports_the_project_package():
    bad = [
        f"{p}:{line} imports {full}"
        for app in CORE | HORIZONTAL | tool_apps()
        for p, top, full, line in imports_of(app)
        if top == "engage"
    ]
    assert bad == []


def test_workspaces_lib_is_pure():
    """lib/ holds helpers with no models and no Django app imports."""
    bad = [
        f"{p}:{line} imports {full}"
        for p, top, full, line in imports_of("workspaces/lib")
        if full.startswith(("workspaces.models", "django.db"))
    ]
    assert bad == []
