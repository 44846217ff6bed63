"""Walk the root URL resolver: every pattern with its full route, namespaced name, the names
of its URL arguments and its view callable. Used by the permission-matrix tests."""

from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern


@dataclass(frozen=True)
class Route:
    route: str  # the full route string, e.g. "w/<slug:workspace>/links/<int:pk>/edit/"
    name: str | None  # namespaced, e.g. "links:edit"; None for unnamed patterns
    params: tuple  # names of the URL arguments, in order of appearance
    callback: object

    @property
    def module(self):
        return getattr(self.callback, "__module__", "") or ""

    @property
    def access(self):
        return getattr(self.callback, "engage_access", None)

    def __str__(self):
        return f"{self.name or '(unnamed)'} /{self.route} -> {self.module}.{getattr(self.callback, '__name__', '?')}"


def _params(pattern):
    if isinstance(pattern, RegexPattern):
        return tuple(pattern.regex.groupindex)
    return tuple(getattr(pattern, "converters", {}) or ())


def walk(resolver=None, prefix="", namespaces=(), params=()):
    """Yield a Route for every URLPattern under resolver (the root resolver by default)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        entry_params = params + _params(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from walk(entry, route, ns, entry_params)
        elif isinstance(entry, URLPattern):
            name = ":".join(namespaces + (entry.name,)) if entry.name else None
            yield Route(route=route, name=name, params=entry_params, callback=entry.callback)


def tool_routes(tool):
    """The Routes of one tool, read from its own urls module as the core mounts it
    (`w/<slug:workspace>/<slug>/`, namespace = slug), whether or not the root URLconf has it."""
    resolver = URLResolver(RoutePattern(f"w/<slug:workspace>/{tool.slug}/"), tool.urls, namespace=tool.slug)
    return list(walk(resolver, str(resolver.pattern), (tool.slug,), _params(resolver.pattern)))


def local_app_modules():
    """Top-level package names of the project's own apps (those living in the repository, not
    in site-packages): accounts, workspaces, links and any tool added later."""
    base = Path(settings.BASE_DIR).resolve()
    venv_markers = ("site-packages", "dist-packages")
    names = set()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base in path.parents and not any(marker in path.parts for marker in venv_markers):
            names.add(config.name.split(".")[0])
    return names


def is_local(route_or_module, local=None):
    module = route_or_module.module if isinstance(route_or_module, Route) else route_or_module
    local = local if local is not None else local_app_modules()
    return module.split(".")[0] in local


def personal_routes(tool):
    """The Routes of a tool's personal URLs (Tool.personal_urls), as the project mounts them:
    `me/<slug>/`, namespace "me:<slug>" (no workspace in them)."""
    if not tool.personal_urls:
        return []
    resolver = URLResolver(RoutePattern(f"me/{tool.slug}/"), tool.personal_urls, namespace=tool.slug)
    return list(walk(resolver, "me/" + str(resolver.pattern), ("me", tool.slug), ()))
