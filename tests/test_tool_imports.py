"""A tool builds only on the core's public contracts: the kit, the permission API (its package
root, not its modules), the pure lib and the registry. Read from the imports themselves (ast),
so a tool reaching into the core's models, services or private modules fails here."""

import ast
from pathlib import Path

import pytest

from workspaces import registry

ROOT = Path(__file__).resolve().parent.parent
ALLOWED_MODULES = ("workspaces.kit", "workspaces.lib", "workspaces.registry")  # and their submodules
ALLOWED_EXACT = {"workspaces.permissions"}
ALLOWED_FROM_WORKSPACES = {"kit", "lib", "permissions", "registry"}


def tool_apps():
    return sorted({tool.app_label for tool in registry.all_tools()})


def core_imports(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "workspaces":
                        yield path.relative_to(ROOT), node.lineno, alias.name, None
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.split(".")[0] == "workspaces":
                    yield path.relative_to(ROOT), node.lineno, node.module, [a.name for a in node.names]


def allowed(module, names):
    if module == "workspaces":
        return set(names or []) <= ALLOWED_FROM_WORKSPACES
    return module in ALLOWED_EXACT or any(module == m or module.startswith(m + ".") for m in ALLOWED_MODULES)


@pytest.mark.parametrize("app", tool_apps())
def test_tools_import_only_the_kit_the_permission_api_the_lib_and_the_registry(app):
    bad = [f"{path}:{line} imports {module}{f' ({names})' if names else ''}"
           for path, line, module, names in core_imports(app) if not allowed(module, names)]
    assert bad == []


def test_the_rule_catches_a_tool_reaching_into_the_core():
    assert not allowed("workspaces.models", ["Membership"])
    assert not allowed("workspaces.permissions.policies", ["ALLOW"])
    assert not allowed("workspaces", ["reminders"])
    assert allowed("workspaces.kit.services", ["record"]) and allowed("workspaces", ["permissions"])
