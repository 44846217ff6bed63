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

# Who an activity notifies (see NotifyRule). Horizontal apps (notifications) read these;
# tools only declare them.
FOLLOWERS = "followers"  # people following the activity's target
WORKSPACE_MEMBERS = "workspace_members"  # every member who may see the target
MANAGERS = "managers"  # the workspace's managers
MENTIONED = "mentioned"  # members @mentioned (record(..., mentions=...))
ADDRESSED = "addressed"  # people the change names directly (record(..., addressed=...)): asked to review, ...


@dataclass(frozen=True)
class NotifyRule:
    """What one verb of a tool means for notifications.

    notify: recipient groups (FOLLOWERS, WORKSPACE_MEMBERS, MANAGERS, MENTIONED, ADDRESSED); the actor is
            never notified of their own activity, and nobody of what they may not see.
    follow: the actor starts following the activity's target (what they created or replied to).
    """

    notify: tuple = (FOLLOWERS, MENTIONED)
    follow: bool = False


# A verb a tool did not declare: its target's followers and anyone mentioned hear of it.
DEFAULT_RULE = NotifyRule()


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
    # verb -> NotifyRule: which of the tool's activities notify whom (undeclared: DEFAULT_RULE)
    notifications: dict = field(default_factory=dict, hash=False, compare=False)


_tools: dict[str, Tool] = {}


def register(tool):
    if tool.slug in _tools and _tools[tool.slug] != tool:
        raise ValueError(f"A different tool is already registered as {tool.slug!r}.")
    _tools[tool.slug] = tool


def unregister(slug):
    _tools.pop(slug, None)


def get(slug):
    return _tools.get(slug)


def notify_rule(verb):
    """The NotifyRule for an activity verb ("<tool>.<noun>_<past participle>")."""
    for tool in _tools.values():  # a handful of tools; a tool's slug need not be its app label
        if verb in tool.notifications:
            return tool.notifications[verb]
    return DEFAULT_RULE


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


@dataclass(frozen=True)
class ItemPanel:
    """A horizontal app's addition to every item's page (follow, announce, ...), so that
    tools show it without knowing the app: a tool's detail template calls
    `{% item_actions item %}` and each registered panel renders there.

    context(request, item) returns the template's context, or None to show nothing."""

    name: str
    template: str
    context: object = field(hash=False, compare=False)
    order: int = 100


_item_panels: dict[str, ItemPanel] = {}


def register_item_panel(panel):
    _item_panels[panel.name] = panel


def item_panels():
    return sorted(_item_panels.values(), key=lambda p: (p.order, p.name))


@dataclass(frozen=True)
class AdminLink:
    """A page for site admins that a horizontal app offers (e.g. email that could not be
    sent); listed under "Site administration" on the home page. `count()` (optional) gives a
    number to show beside it, such as how many need attention."""

    label: str
    url_name: str
    count: object = field(default=None, hash=False, compare=False)


_admin_links: dict[str, AdminLink] = {}


def register_admin_link(link):
    _admin_links[link.url_name] = link


def admin_links():
    return sorted(_admin_links.values(), key=lambda link: link.label)
