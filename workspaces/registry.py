"""The tool registry: a tool app describes itself once, in its AppConfig.ready(), and the core
reads only this — navigation, the "tools" settings, the URL tree `/w/<workspace>/<slug>/...`,
permissions, notifications, demo data, stylesheets, the workspace home's blocks (latest, waiting_for:
see HomeEntry), and (as they land) search, comments, lifecycles and exports:

    from workspaces.registry import FOLLOWERS, MENTIONED, NotifyRule, SILENT, Tool, register

    class LinksConfig(AppConfig):
        name = "links"

        def ready(self):
            from workspaces.permissions import ItemPolicy
            from .models import Link

            register(Tool(
                slug="links", app_label="links", name="Links", description="...", urls="links.urls",
                policies={Link: ItemPolicy()},
                verbs={"links.link_created": NotifyRule(notify=(MENTIONED,), follow=True),
                       "links.link_deleted": SILENT},
                demo="links.demo.seed_demo", stylesheet="links/links.css",
                searchable=(Searchable("links.Link", fields=("title", "note", "url")),),
            ))

Adding a tool means adding an app (and its line in INSTALLED_APPS); no core file changes.
Horizontal apps (notifications, comments) contribute to every item's page, the header, the
site admins' home and the workspace home's "Waiting for you" through ItemPanel, HeaderItem,
AdminLink and WaitingSource, without tools knowing them.
"""

import logging
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

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
    followers_of: with FOLLOWERS, the target's attributes (its container: ("blog",) for a blog's
            post) whose followers hear of it too, as its own followers do (a post published in a
            blog someone follows).
    """

    notify: tuple = (FOLLOWERS, MENTIONED)
    follow: bool = False
    followers_of: tuple = ()


# A verb recorded in the activity stream that tells nobody (it still shows on the workspace's
# activity page to those who may see its target).
SILENT = NotifyRule(notify=())
# What an undeclared verb gets outside tests (record() refuses one in tests and in DEBUG).
DEFAULT_RULE = NotifyRule()


@dataclass(frozen=True)
class Searchable:
    """A model the (coming) search covers: `model` is "app_label.Model", `fields` its text
    fields, most telling first. Its rows are found through the permission layer's visible()."""

    model: str
    fields: tuple = ("title",)


@dataclass(frozen=True)
class Commentable:
    """A model people may comment on through the comments app (replies, reports, moderation).
    Who may comment is the tool's policy's `comment` action on the item. `moderation`: "post"
    (a comment shows at once; moderators hide what is reported) or "pre" (a moderator approves
    each comment first). Declaring it declares the tool's comment verbs (COMMENT_VERBS)."""

    model: str
    moderation: str = "post"
    anchors: bool = False  # comments may quote a passage and name the version they were made on
    window: bool = False  # the item's Window (workspaces.kit.lifecycles) says when it takes comments


@dataclass(frozen=True)
class Moderatable:
    """A model whose rows people may report and moderators act on through the shared moderation
    queue (the moderation app; workspaces.kit.moderation is the tools' side of the contract).
    The model is a kit.moderation.Moderated (status, hidden_reason, moderated_by, moderated_at),
    has `workspace`, `author` and get_absolute_url(); `text_field` holds what reports quote.

    noun: what it is called in the queue and in messages ("post", "comment").
    changed: optional dotted path of `changed(item, before_status, actor)`, called in the same
        transaction after the moderation app changed the item's status (hidden, shown again,
        approved), so the tool can keep its counters or tell its followers (a thread's reply
        count; an approved post's "new reply" activity).
    """

    model: str
    noun: str
    text_field: str = "body"
    changed: str = ""


@dataclass(frozen=True)
class Repliable:
    """Activity on this model (the activity's target, e.g. "forums.Thread") can be answered by
    email: notification emails about it carry a Reply-To address with a signed, per-person
    token (workspaces.kit.replies.reply_address), and a reply sent there is posted as that person
    by `post` (dotted path of `post(*, actor, target, text, message_id)`, which raises
    ValidationError with a message for the sender when it refuses), once the inbound mail
    service has checked the token, the sender and `perm` (e.g. "forums.reply_thread")."""

    model: str
    perm: str
    post: str


# The verbs a commentable model's tool records through the comments app ("<app>.<verb>"): the
# item's followers and anyone mentioned hear of a comment; the author of the comment answered, of
# a reply; the moderators, of a comment waiting for them; its author, of a comment hidden.
COMMENT_VERBS = {
    "comment_added": NotifyRule(notify=(FOLLOWERS, MENTIONED), follow=True),
    "comment_replied": NotifyRule(notify=(ADDRESSED, FOLLOWERS, MENTIONED), follow=True),
    "comment_submitted": NotifyRule(notify=(MANAGERS,)),
    "comment_hidden": NotifyRule(notify=(ADDRESSED,)),
}


@dataclass(frozen=True)
class Tool:
    slug: str  # URL segment and the key in Workspace.enabled_tools
    name: str  # shown in navigation
    description: str  # one line, shown when enabling tools and on the workspace home
    urls: str  # dotted path of the tool's urls module; its app_name must equal slug
    app_label: str  # the Django app label of the tool's models, verbs and tests (tests/<app_label>/)
    icon: str = ""  # optional static path of an SVG icon (emoji do not render on many government desktops)
    order: int = 100  # position in navigation
    home_view: str = "index"  # URL name (within the tool's namespace) of the tool's landing page
    # Model class -> policy instance (workspaces.permissions.ItemPolicy or a subclass): every model
    # whose objects the permission layer is asked about. Item models (WorkspaceItem subclasses)
    # among them are the tool's items (the permission review, follows, digests).
    policies: dict = field(default_factory=dict, hash=False, compare=False)
    # verb -> NotifyRule for every activity verb the tool records ("<app_label>.<noun>_<past participle>");
    # SILENT for one that tells nobody. record() refuses a verb no tool declared.
    verbs: dict = field(default_factory=dict, hash=False, compare=False)
    demo: str = ""  # dotted path of `seed_demo(workspace, users)`, idempotent, for `manage.py seed_demo`
    stylesheet: str = ""  # static path of the tool's CSS, linked on every page
    searchable: tuple = ()  # Searchable(...) entries (the contract the search work fills in)
    commentable: tuple = ()  # Commentable(...) entries
    lifecycles: tuple = ()  # workspaces.kit.lifecycles.Lifecycle entries (advanced by one beat task)
    exports: tuple = ()  # workspaces.kit.exports.Export entries (streamed CSV/XLSX downloads)
    moderatable: tuple = ()  # Moderatable entries: reported and moderated through the shared queue
    repliable: tuple = ()  # Repliable entries: answered by email
    # The workspace home (a dashboard; see HomeEntry). Both optional: without `latest` the home shows
    # the tool's description and a link to it; without `waiting_for`, nothing of it under "Waiting for you".
    # latest(user, workspace, limit) -> [HomeEntry]: its newest items this person may see (start from the
    #     permission layer's visible(); deleted and limited items left out), newest first, at most `limit`,
    #     in a fixed number of queries whatever the workspace holds.
    latest: object = field(default=None, hash=False, compare=False)
    # waiting_for(user, workspace, limit) -> [HomeEntry]: what this person must act on (reviews due from
    #     them; a survey or consultation open to them and closing soon), most urgent first; same rules.
    waiting_for: object = field(default=None, hash=False, compare=False)
    # Feeds (workspaces.kit.feeds): what the tool puts in the workspace's news feed (RSS and Atom),
    # and its own feeds listed on the workspace's Feeds page.
    # feed_entries(reader, workspace, limit) -> [kit.feeds.FeedEntry]: its PUBLISHED items `reader` may
    #     see (anonymous for a public feed, the token's owner for a private one), newest first: never a
    #     draft, a scheduled, unpublished, hidden, deleted or team-limited item the reader is not
    #     admitted to; a fixed number of queries.
    feed_entries: object = field(default=None, hash=False, compare=False)
    # feed_links(request, workspace) -> [kit.feeds.FeedLink]: the tool's own feeds (a blog's, a tag's)
    #     for the Feeds page, each with its public or private address.
    feed_links: object = field(default=None, hash=False, compare=False)
    # dotted path of the tool's part of the reference data (`manage.py seed_scale`): a module with
    # `seed_scale(ctx)` (workspaces.scale.ScaleContext) and `bench_pages(workspace)` -> [(name, path)]
    scale: str = ""
    # dotted path of a urls module for URLs that belong to a person rather than a workspace (their own
    # calendar feed across workspaces), mounted by the project's URLconf at /me/<slug>/ in the namespace
    # "me:<slug>" (personal_url_patterns). Each view declares its access like any other (e.g.
    # permissions.decorators.personal_feed_view) and shows only what visible() gives the person.
    personal_urls: str = ""

    def __post_init__(self):
        if not self.app_label:
            raise ValueError(f"Tool {self.slug!r}: say its app_label (the Django app label of its models, "
                             "e.g. \"surveys\").")
        for verb in self.verbs:
            if not verb.startswith(f"{self.app_label}."):
                raise ValueError(f"Tool {self.slug!r}: verb {verb!r} must start with {self.app_label!r}.")

    @property
    def item_models(self):
        """"app_label.Model" of the tool's items (its policies' WorkspaceItem models)."""
        from django.apps import apps

        from .models import WorkspaceItem

        models = (apps.get_model(m) if isinstance(m, str) else m for m in self.policies)
        return tuple(model._meta.label for model in models if issubclass(model, WorkspaceItem))

    def all_verbs(self):
        """Its declared verbs, with the comment verbs of what it lets people comment on."""
        verbs = dict(self.verbs)
        if self.commentable:
            for verb, rule in COMMENT_VERBS.items():
                verbs.setdefault(f"{self.app_label}.{verb}", rule)
        return verbs


_tools: dict[str, Tool] = {}
_verbs: dict[str, NotifyRule] = {}  # every declared verb, of every tool and horizontal app
_app_verbs: dict[str, dict] = {}  # horizontal apps' own verbs, by app label


_scheduled: set[str] = set()  # verbs the schedule records (tools' lifecycles), with no actor


def _rebuild_verbs():
    _verbs.clear()
    _scheduled.clear()
    _scheduled.update(verb for t in _tools.values() for lifecycle in t.lifecycles
                      for verb in lifecycle.verbs.values() if verb)
    for owner, verbs in [*((t.slug, t.all_verbs()) for t in _tools.values()), *_app_verbs.items()]:
        for verb, rule in verbs.items():
            if verb in _verbs and _verbs[verb] != rule:
                raise ValueError(f"The verb {verb!r} is declared twice with different rules ({owner!r}).")
            _verbs[verb] = rule


def _resolve_policies(tool):
    """Policies may be named ("app_label.Model": "dotted.PolicyClass"), for a Tool declared where
    models cannot be imported yet; they are resolved when the tool is registered."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    resolved = {}
    for model, policy in tool.policies.items():
        model = apps.get_model(model) if isinstance(model, str) else model
        resolved[model] = import_string(policy)() if isinstance(policy, str) else policy
    tool.policies.clear()
    tool.policies.update(resolved)


def register(tool):
    """Register a tool and its policies (called from the tool's AppConfig.ready())."""
    from .permissions import register_policy

    if tool.slug in _tools and _tools[tool.slug] != tool:
        raise ValueError(f"A different tool is already registered as {tool.slug!r}.")
    _resolve_policies(tool)
    _tools[tool.slug] = tool
    for model, policy in tool.policies.items():
        register_policy(model, policy)
    _rebuild_verbs()


def unregister(slug):
    from .permissions import unregister_policy

    tool = _tools.pop(slug, None)
    if tool is not None:
        for model in tool.policies:
            unregister_policy(model)
    _rebuild_verbs()


_moderatables: dict[str, Moderatable] = {}  # horizontal apps' own (comments)


def register_moderatable(declared):
    """A horizontal app's moderatable model (tools declare theirs in Tool(moderatable=...))."""
    _moderatables[declared.model] = declared


def moderatables():
    """"app_label.Model" -> Moderatable, of every tool and horizontal app."""
    found = dict(_moderatables)
    for tool in _tools.values():
        found.update({declared.model: declared for declared in tool.moderatable})
    return found


def repliables():
    """"app_label.Model" -> Repliable, of every tool."""
    return {declared.model: declared for tool in _tools.values() for declared in tool.repliable}


def register_verbs(app_label, verbs):
    """A horizontal app's own activity verbs (verb -> NotifyRule), declared in its ready()."""
    _app_verbs[app_label] = dict(verbs)
    _rebuild_verbs()


def get(slug):
    return _tools.get(slug)


def for_app(app_label):
    """The tool whose app label is `app_label`, or None."""
    return next((t for t in _tools.values() if t.app_label == app_label), None)


def notify_rule(verb):
    """The NotifyRule for an activity verb ("<app>.<noun>_<past participle>")."""
    return _verbs.get(verb, DEFAULT_RULE)


def is_declared(verb):
    return verb in _verbs


def declared_verbs():
    return dict(_verbs)


def is_scheduled(verb):
    """Whether the schedule records this verb (a window opened or closed): nobody did it, so its
    summary is read on its own ("Comments are closed on ...")."""
    return verb in _scheduled


def all_tools():
    return sorted(_tools.values(), key=lambda t: (t.order, t.name))


def personal_url_patterns():
    """The tools' personal URLs (Tool.personal_urls), each under "<slug>/" in namespace <slug>:
    the project's URLconf mounts them at /me/ in namespace "me" ("me:diaries:ical")."""
    from django.urls import include, path

    return [path(f"{tool.slug}/", include((tool.personal_urls, tool.slug))) for tool in all_tools()
            if tool.personal_urls]


def enabled_tools(workspace):
    enabled = set(workspace.enabled_tools or [])
    return [tool for tool in all_tools() if tool.slug in enabled]


def policies():
    """Model -> policy, of every registered tool."""
    return {model: policy for tool in _tools.values() for model, policy in tool.policies.items()}


def stylesheets(tools=()):
    """Static paths of the stylesheets a page links: the horizontal apps', then those of `tools`
    (the tools enabled in the page's workspace)."""
    sheets = [*_stylesheets, *(tool.stylesheet for tool in tools if tool.stylesheet)]
    return list(dict.fromkeys(sheets))


_stylesheets: list[str] = []


def register_stylesheet(path):
    """A horizontal app's stylesheet (tools name theirs in Tool.stylesheet)."""
    if path not in _stylesheets:
        _stylesheets.append(path)


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
    """A horizontal app's addition to every item's page (follow, announce, comments, ...), so
    that tools show it without knowing the app: a tool's detail template calls
    `{% item_actions item %}` (the "actions" slot, under its action bar) and
    `{% item_panels item "comments" %}` (under the item), and each panel of that slot renders;
    kit/item.html also renders the "title" slot beside the title (Follow) and
    components/item_actions.html the "more" slot inside the "More actions" menu (each panel an
    <li>, its link with class "menu-item").

    context(request, item) returns the template's context, or None to show nothing."""

    name: str
    template: str
    context: object = field(hash=False, compare=False)
    order: int = 100
    slot: str = "actions"


_item_panels: dict[str, ItemPanel] = {}


def register_item_panel(panel):
    _item_panels[panel.name] = panel


def item_panels(slot="actions"):
    return sorted((p for p in _item_panels.values() if p.slot == slot), key=lambda p: (p.order, p.name))


@dataclass(frozen=True)
class HeaderItem:
    """A horizontal app's entry in the signed-in header (the notifications bell), so that the
    base layout includes no app's template: `{% header_items %}` renders each registered one.

    context(request) returns the template's context, or None to show nothing."""

    name: str
    template: str
    context: object = field(hash=False, compare=False)
    order: int = 100


_header_items: dict[str, HeaderItem] = {}


def register_header_item(item):
    _header_items[item.name] = item


def header_items():
    return sorted(_header_items.values(), key=lambda h: (h.order, h.name))


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


@dataclass(frozen=True)
class HomeEntry:
    """One line of a block on the workspace home: an item's title and address, and a short note
    ("Review due 12 March", "Mentioned you"). `when` (a datetime, optional) is shown beside it."""

    title: str
    url: str
    note: str = ""
    when: object = None


@dataclass(frozen=True)
class WaitingSource:
    """A horizontal app's part of "Waiting for you" on the workspace home (the notifications app:
    unread mentions and replies), so the core shows it without knowing the app. Tools declare
    theirs in Tool(waiting_for=...). entries(user, workspace, limit) -> [HomeEntry], only what the
    person may see; see_all: the URL name of the app's full list (optional)."""

    name: str
    entries: object = field(hash=False, compare=False)
    see_all: str = ""
    see_all_label: str = ""
    order: int = 100


_waiting_sources: dict[str, WaitingSource] = {}


def register_waiting_source(source):
    _waiting_sources[source.name] = source


def waiting_sources():
    return sorted(_waiting_sources.values(), key=lambda s: (s.order, s.name))


# --- Services horizontal apps provide to tools, by name (so tools never import those apps) ---------

_services: dict[str, object] = {}


def provide(name, function):
    """A horizontal app offers a write to tools by name ("comments.add"): see workspaces.kit."""
    _services[name] = function


def service(name):
    try:
        return _services[name]
    except KeyError:
        raise LookupError(f"No app provides {name!r}: is the app that does it in INSTALLED_APPS?") from None


_scale_parts: list[str] = []


def register_scale_part(module):
    """A horizontal app's part of the reference data (a module like Tool.scale's), seeded after
    the tools' items and activity exist."""
    if module not in _scale_parts:
        _scale_parts.append(module)


def scale_parts():
    from importlib import import_module

    return [import_module(module) for module in _scale_parts]
