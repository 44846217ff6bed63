"""The permission tables of the core and of every registered tool, collected into one.

The core's own rows are in matrix.py. Each tool's are in `tests/<app>/security.py`, where
<app> is the tool's app label (Tool.app_label); the walker finds them through the registry,
so that adding a tool touches only its own folders. A tool module is plain data plus one hook:

    MATRIX          required. URL name ("<slug>:<name>") -> {"access": marker, and for each
                    persona the outcome on the PRIVATE workspace}. Every URL of the tool's urls
                    module has a row, and no other.
    PUBLIC_MATRIX   name -> {persona: outcome} on the PUBLIC workspace (the pages that differ).
    ARCHIVED        name -> the GET outcome for the manager and the site admin when the
                    workspace is archived (its POST must then be refused with 403 too).
    POST_DATA       name -> what a POST sends: data a permitted person's POST would succeed
                    with, so that a refusal is the permission layer's doing, not a form error.
    POST_MATRIX     name -> {persona: outcome} where a POST is answered differently from a GET.
    EFFECTS         name -> effect(place) -> bool: what a permitted POST (manager, site admin)
                    must have done.
    AUDITED_READS   names whose only allowed change is an audit row.
    URL_KWARGS      URL argument -> builder(place), for every URL of the tool;
    NAME_KWARGS     name -> {argument: builder(place)} for one URL (wins over URL_KWARGS).
    OBJECT_PARAMS   URL arguments naming an object (beyond "pk" and "slug"): such URLs are also
                    asked with another workspace's ids (test_url_isolation.py).
    FEED_TOKENS     feed scope name -> (token attribute, secret attribute) of the place, for a
                    tool's own feed scopes (test_feed_urls.py asks its feed URLs with them).
    build(place, personas) -> {name: object}
                    required. Creates the tool's objects in place.workspace (place.key says
                    which: "private", "public" or "elsewhere"; personas has at least "manager"
                    and "reader"); the names returned become attributes of the place, for the
                    builders and effects above.

Write the rows out by hand; never derive them from the code under test.
"""

from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType

from workspaces import registry

from . import matrix as core


def module_name_of(tool):
    return f"tests.{tool.app_label}.security"


class MissingTables(AssertionError):
    pass


@dataclass
class ToolTables:
    """One tool's rows (the names of a tests/<app>/security.py module, with defaults)."""

    tool: object
    module: ModuleType
    MATRIX: dict
    build: object
    PUBLIC_MATRIX: dict = field(default_factory=dict)
    ARCHIVED: dict = field(default_factory=dict)
    POST_DATA: dict = field(default_factory=dict)
    POST_MATRIX: dict = field(default_factory=dict)
    EFFECTS: dict = field(default_factory=dict)
    AUDITED_READS: set = field(default_factory=set)
    URL_KWARGS: dict = field(default_factory=dict)
    NAME_KWARGS: dict = field(default_factory=dict)
    OBJECT_PARAMS: set = field(default_factory=set)
    FEED_TOKENS: dict = field(default_factory=dict)

    OPTIONAL = ("PUBLIC_MATRIX", "ARCHIVED", "POST_DATA", "POST_MATRIX", "EFFECTS", "AUDITED_READS", "URL_KWARGS",
                "NAME_KWARGS", "OBJECT_PARAMS", "FEED_TOKENS")

    @property
    def app_label(self):
        return self.tool.app_label

    @property
    def slug(self):
        return self.tool.slug

    @classmethod
    def from_module(cls, tool, module):
        missing = [name for name in ("MATRIX", "build") if not hasattr(module, name)]
        if missing:
            raise MissingTables(f"{module.__name__} (tool {tool.slug!r}) must define {' and '.join(missing)}; "
                                "see tests/security/tables.py")
        optional = {name: getattr(module, name) for name in cls.OPTIONAL if hasattr(module, name)}
        return cls(tool=tool, module=module, MATRIX=module.MATRIX, build=module.build, **optional)

    def names(self):
        """Every URL name any of the tables mentions."""
        return set(self.MATRIX) | set(self.PUBLIC_MATRIX) | set(self.ARCHIVED) | set(self.POST_DATA) | set(
            self.POST_MATRIX) | set(self.EFFECTS) | set(self.AUDITED_READS) | set(self.NAME_KWARGS)


def load(tool):
    """The ToolTables of a registered tool; MissingTables, saying what to write, if it has none."""
    name = module_name_of(tool)
    try:
        module = import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is None or not name.startswith(exc.name):
            raise  # the module exists but imports something missing: let that error show
        raise MissingTables(
            f"Tool {tool.slug!r} is registered but declares no permission table: write {name.replace('.', '/')}.py "
            "(every tool declares the outcome of each of its URLs for each persona; see tests/README.md)."
        ) from None
    return ToolTables.from_module(tool, module)


def collect(tools=None):
    """(tables by tool slug, error messages) for the registered tools (or those given)."""
    found, errors = {}, []
    for tool in registry.all_tools() if tools is None else tools:
        try:
            found[tool.slug] = load(tool)
        except MissingTables as exc:
            errors.append(str(exc))
    return found, errors


TOOLS, ERRORS = collect()


def _merged(attr):
    merged = dict(getattr(core, attr, {}))
    for tables in TOOLS.values():
        merged.update(getattr(tables, attr))
    return merged


MATRIX = _merged("MATRIX")
PUBLIC_MATRIX = _merged("PUBLIC_MATRIX")
ARCHIVED = _merged("ARCHIVED")
POST_DATA = _merged("POST_DATA")
POST_MATRIX = _merged("POST_MATRIX")
EFFECTS = _merged("EFFECTS")
AUDITED_READS = set(core.AUDITED_READS).union(*(t.AUDITED_READS for t in TOOLS.values()))
OBJECT_PARAMS = set(core.OBJECT_PARAMS).union(*(t.OBJECT_PARAMS for t in TOOLS.values()))
ORGANISATION_ADMIN = core.ORGANISATION_ADMIN
EXEMPT = core.EXEMPT


def tool_of(name, tools=None):
    """The ToolTables whose tool serves URL `name` (its namespace is the tool's slug, or
    "me:<slug>" for its personal URLs), or None."""
    parts = name.split(":")
    namespace = parts[1] if parts[0] == "me" and len(parts) > 2 else parts[0] if len(parts) > 1 else None
    return (TOOLS if tools is None else tools).get(namespace)


def kwargs_builders(name, tables=None):
    """URL argument -> builder(place) for URL `name`: the core's, then its tool's."""
    tables = tables if tables is not None else tool_of(name)
    builders = {**core.URL_KWARGS, **core.NAME_KWARGS.get(name, {})}
    if tables is not None:
        builders.update(tables.URL_KWARGS)
        builders.update(tables.NAME_KWARGS.get(name, {}))
    return builders
