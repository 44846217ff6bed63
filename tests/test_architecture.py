"""Dependency direction, read from the imports themselves (ast):
workspaces.lib <- workspaces <- accounts <- horizontal apps <- tools <- engage.
No tool imports another tool, the core imports no tool, and no app imports `engage`.
Licences are a bounded part of the core, used through their public API."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from workspaces import registry

ROOT = Path(__file__).resolve().parent.parent
CORE = {"accounts", "workspaces"}
HORIZONTAL = {"notifications", "comments", "inbound"}


def tool_apps():
    """The packages of the registered tools: a new tool gets every rule here without a line of
    this file changing."""
    return {apps.get_app_config(tool.app_label).name for tool in registry.all_tools()}


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


def test_workspaces_never_imports_accounts():
    """One way only: accounts (allauth's glue) uses workspaces; workspaces names the user model
    through get_user_model() and "accounts.User" strings, never an import."""
    bad = [f"{p}:{line} imports {full}" for p, top, full, line in imports_of("workspaces") if top == "accounts"]
    assert bad == []


def test_workspaces_lib_is_pure():
    """lib/ holds helpers with no models and no Django app imports."""
    bad = [
        f"{p}:{line} imports {full}"
        for p, top, full, line in imports_of("workspaces/lib")
        if full.startswith(("workspaces.models", "django.db"))
    ]
    assert bad == []


def test_only_the_core_mail_package_sends_mail():
    """One mail path: every email is an outbox row sent by workspaces.mail (claimed once, its
    headers made safe by compose()). No other module builds or sends a message itself."""
    mail_package = ROOT / "workspaces" / "mail"
    bad = []
    for app in sorted(CORE | HORIZONTAL | tool_apps()):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or mail_package in path.parents:
                continue
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [f"{node.module}.{alias.name}" for alias in node.names]
                bad += [f"{path.relative_to(ROOT)}:{node.lineno} imports {name}" for name in names
                        if name == "django.core.mail" or name.startswith("django.core.mail.")]
    assert bad == [], "Write an outbox row (workspaces.mail.queue) with a registered MailKind instead"


# --- Imports resolved to modules -------------------------------------------------------------


def module_name(path):
    """workspaces/licences/views.py -> workspaces.licences.views; a package's __init__.py -> the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def module_files(*apps):
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def resolved_imports(path, *, module_level_only=False):
    """(line, module, names) for each import in the file, relative imports made absolute; with
    module_level_only, imports inside functions (run later, when called) are left out."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(), filename=str(path))
    nodes = []

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if module_level_only and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            nodes.append(child)
            visit(child)

    visit(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            yield node.lineno, module, tuple(alias.name for alias in node.names)


def our_modules():
    return {module_name(path) for path in module_files(*APPS)}


def imported_modules(module, names, known):
    """The modules of ours an import statement uses: `import a.b` and `from a.b import name` use
    a.b; `from a.b import c` uses a.b.c instead when c is a module of its own."""
    if not names:
        return {module} & known
    return {f"{module}.{n}" if f"{module}.{n}" in known else module for n in names} & known


APPS = sorted(CORE | HORIZONTAL | tool_apps())


# --- Licences: a bounded part of the core -----------------------------------------------------

LICENCES = "workspaces.licences"
# Modules outside licences that may use a licences module other than its public API, and why.
LICENCES_ENTRY_POINTS = {
    "workspaces.urls": {"workspaces.licences.urls"},  # the licence pages' URLs
    "workspaces.tasks": {"workspaces.licences.tasks"},  # re-exported for Celery's autodiscovery
}


def test_the_rest_of_the_code_uses_licences_only_through_their_public_api():
    known = our_modules()
    bad = []
    for path in module_files(*APPS):
        name = module_name(path)
        if name == LICENCES or name.startswith(LICENCES + "."):
            continue
        for line, module, names in resolved_imports(path):
            for target in imported_modules(module, names, known):
                if target.startswith(LICENCES + ".") and target not in LICENCES_ENTRY_POINTS.get(name, ()):
                    bad.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert bad == [], "Import workspaces.licences (its __init__ is the public API) instead"


def test_licences_import_nothing_private_from_the_rest_of_the_core():
    bad = [
        f"{path.relative_to(ROOT)}:{line} imports {module}.{n}"
        for path in module_files("workspaces/licences")
        for line, module, names in resolved_imports(path)
        if module.startswith("workspaces") and not module.startswith(LICENCES)
        for n in names
        if n.startswith("_")
    ]
    assert bad == []


# --- No import cycles -----------------------------------------------------------------------

# Cycles between modules of ours that are known and not fixed yet, each as the set of modules in
# one cycle. The tests fail on any other cycle, and on one listed here that has gone (so the
# lists only shrink). None today.
KNOWN_CYCLES = []  # through imports at module level
KNOWN_DEFERRED_CYCLES = []  # closed only by an import inside a function (run when it is called)


def import_graph(module_level_only=True):
    """{module: {modules of ours it imports}}: at module level, or with module_level_only=False
    inside functions too. Importing a.b.c also runs the __init__ of a and a.b, unless the
    importer is inside them already."""
    known = our_modules() | {module_name(path) for path in module_files("engage")}
    graph = {}
    for path in module_files(*APPS, "engage"):
        name = module_name(path)
        own_packages = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        if path.name == "__init__.py":
            own_packages.add(name)
        edges = graph.setdefault(name, set())
        for _line, module, names in resolved_imports(path, module_level_only=module_level_only):
            for target in imported_modules(module, names, known):
                if target != name:
                    edges.add(target)
                # Its packages' __init__ run first, unless the importer is inside them already.
                parts = target.split(".")
                for i in range(1, len(parts)):
                    ancestor = ".".join(parts[:i])
                    if ancestor in known and ancestor not in own_packages:
                        edges.add(ancestor)
    return graph


def cycles(graph):
    """The strongly connected components with more than one module (Tarjan), each as a sorted tuple."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(tuple(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def a_cycle_through(graph, component):
    """The shortest path a -> ... -> a inside the component (from its first module), for the message."""
    members, start = set(component), component[0]
    paths, seen = [[start]], {start}
    while paths:
        path = paths.pop(0)
        for other in sorted(graph[path[-1]] & members):
            if other == start:
                return " -> ".join(path + [start])
            if other not in seen:
                seen.add(other)
                paths.append(path + [other])
    return " -> ".join(component)


def unexpected_cycles(graph, known):
    found = cycles(graph)
    known = [tuple(sorted(c)) for c in known]
    new = [a_cycle_through(graph, c) for c in found if c not in known]
    gone = [c for c in known if c not in found]
    return new, gone


def test_there_are_no_import_cycles_between_our_modules():
    new, gone = unexpected_cycles(import_graph(), KNOWN_CYCLES)
    assert new == [], "Import cycles (module level):\n" + "\n".join(new)
    assert gone == [], f"Fixed, so take them off KNOWN_CYCLES: {gone}"


def test_no_import_inside_a_function_closes_a_cycle_either():
    """An import moved into a function only defers a cycle (notifications' tasks and delivery had
    one): it still means two modules that cannot be understood, or tested, apart."""
    deferred = import_graph(module_level_only=False)
    module_level = cycles(import_graph())
    new, gone = unexpected_cycles(deferred, KNOWN_DEFERRED_CYCLES + module_level)
    assert new == [], "Import cycles through imports inside functions:\n" + "\n".join(new)
    assert gone == [], f"Fixed, so take them off KNOWN_DEFERRED_CYCLES: {gone}"


def test_the_cycle_check_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [("a", "b", "c")]
    assert a_cycle_through(graph, ("a", "b", "c")) == "a -> b -> c -> a"


# --- Uploaded archives are opened in one place ------------------------------------------------

ARCHIVE_GUARD = "workspaces/lib/archives.py"
ARCHIVE_MODULES = {"zipfile", "tarfile", "py7zr", "rarfile", "zipfile36", "zipfile_deflate64"}
ARCHIVE_OPENERS = {"ZipFile", "TarFile", "PyZipFile", "load_workbook", "unpack_archive"}


def archive_openers(source, filename="<source>"):
    """(line, what) for each way the source could open an archive itself: importing an archive
    module, or naming ZipFile, TarFile, openpyxl's load_workbook or shutil's unpack_archive."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] in ARCHIVE_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in ARCHIVE_MODULES:
                found.append((node.lineno, node.module))
            found += [(node.lineno, alias.name) for alias in node.names if alias.name in ARCHIVE_OPENERS]
        elif isinstance(node, ast.Attribute) and node.attr in ARCHIVE_OPENERS:
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.Name) and node.id in ARCHIVE_OPENERS:
            found.append((node.lineno, node.id))
    return found


def test_uploaded_archives_are_opened_only_through_the_guard():
    """A zip bomb once grew a worker by 400 MB from a 204 KB upload: every archive someone
    uploads (ZIP, Word, Excel, PowerPoint, OpenDocument) is opened with
    workspaces.lib.archives.open_archive, which bounds what is unpacked, and nowhere else."""
    bad = [
        f"{path.relative_to(ROOT)}:{line} uses {what}"
        for path in module_files(*APPS, "engage")
        if path.relative_to(ROOT).as_posix() != ARCHIVE_GUARD
        for line, what in archive_openers(path.read_text(), str(path))
    ]
    assert bad == [], "Open uploaded archives with workspaces.lib.archives.open_archive:\n" + "\n".join(bad)


def test_the_archive_check_finds_every_way_to_open_an_archive():
    assert archive_openers("import zipfile\nzipfile.ZipFile(f)") == [(1, "zipfile"), (2, "ZipFile")]
    assert archive_openers("from zipfile import ZipFile as Z") == [(1, "zipfile"), (1, "ZipFile")]
    assert archive_openers("from openpyxl import load_workbook") == [(1, "load_workbook")]
    assert archive_openers("import openpyxl\nopenpyxl.load_workbook(f)") == [(2, "load_workbook")]
    assert archive_openers("import shutil\nshutil.unpack_archive(f)") == [(2, "unpack_archive")]
    assert archive_openers("import tarfile") == [(1, "tarfile")]
    assert archive_openers("from openpyxl import Workbook") == []


# --- Every upload goes through the shared guards ----------------------------------------------

def _decorator_names(function):
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        yield target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")


def _reads_files(function):
    return any(isinstance(n, ast.Attribute) and n.attr == "FILES" for n in ast.walk(function))


def test_every_view_that_takes_files_drops_an_oversized_one_as_it_arrives():
    """request.FILES only in views with kit.views.limit_upload_size (lib.files.SizeLimitHandler):
    otherwise a file of any size is written out whole before a form can refuse it."""
    bad = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
        for path in module_files(*APPS)
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path)))
        if isinstance(node, ast.FunctionDef) and _reads_files(node)
        and "limit_upload_size" not in set(_decorator_names(node))
    ]
    assert bad == [], "Decorate with workspaces.kit.views.limit_upload_size:\n" + "\n".join(bad)


def test_every_file_field_is_checked_by_its_content():
    """A module with a forms.FileField checks what arrives with lib.files.check_upload (any
    document) or lib.files.read_text (CSV and text): size, content (not the name), archives
    opened only through the bounded guard, macros refused."""
    bad = []
    for path in module_files(*APPS):
        tree = ast.parse(path.read_text(), filename=str(path))
        fields = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "FileField"
                  and isinstance(n.value, ast.Name) and n.value.id == "forms"]
        checks = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)} | {
            n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        if fields and not checks & {"check_upload", "read_text"}:
            bad.append(f"{path.relative_to(ROOT)}:{fields[0].lineno}")
    assert bad == [], "Check uploads with workspaces.lib.files.check_upload or read_text:\n" + "\n".join(bad)
