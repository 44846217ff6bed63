"""The tool registry. A tool app describes itself once and registers in AppConfig.ready():

    from workspaces.registry import Tool, register

    class LinksConfig(AppConfig):
        name = "links"
        def ready(self):
            register(Tool(slug="links", name="Links", description="...", urls="links.urls"))

The core builds the workspace navigation, the enable/disable settings and the URL tree
`/w/<workspace>/<slug>/...` from it. Adding a tool means adding an app; no core file changes.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tool:
    slug: str  # URL segment and the key in Workspace.enabled_tools
    name: str  # shown in navigation
    description: str  # one line, shown when enabling tools and on the workspace home
    urls: str  # dotted path of the tool's urls module; its app_name must equal slug
    icon: str = ""  # optional static path of an SVG icon (emoji do not render on many government desktops)
    order: int = 100  # position in navigation
    home_view: str = "index"  # URL name (within the tool's namespace) of the tool's landing page
    item_models: tuple = field(default_factory=tuple)  # "app_label.Model" strings, for reviews/search


_tools: dict[str, Tool] = {}


def register(tool):
    if tool.slug in _tools and _tools[tool.slug] != tool:
        raise ValueError(f"A different tool is already registered as {tool.slug!r}.")
    _tools[tool.slug] = tool


def unregister(slug):
    _tools.pop(slug, None)


def get(slug):
    return _tools.get(slug)


def all_tools():
    return sorted(_tools.values(), key=lambda t: (t.order, t.name))


def enabled_tools(workspace):
    enabled = set(workspace.enabled_tools or [])
    return [tool for tool in all_tools() if tool.slug in enabled]


class register_temporarily:
    """Context manager for tests: a tool that exists only inside the block."""

    def __init__(self, tool):
        self.tool = tool

    def __enter__(self):
        register(self.tool)
        return self.tool

    def __exit__(self, *exc):
        unregister(self.tool.slug)
