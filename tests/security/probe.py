"""Asking a URL as a persona: build it from a Place, fetch it, name the outcome."""

from django.urls import reverse

from . import tables
from .outcomes import LOGIN, REDIRECT
from .urlwalk import walk
from .world import login_url


def url_for(name, place, route=None, tool_tables=None):
    """The address of URL `name` in place, its arguments filled by the builders of the core and
    of the URL's tool (route and tool_tables: for a URL the root URLconf did not have at import)."""
    route = route or ROUTES[name]
    tool_tables = tool_tables or tables.tool_of(name)
    builders = tables.kwargs_builders(name, tool_tables)
    missing = [p for p in route.params if p not in builders]
    where = f"tests/{tool_tables.app_label}/security.py" if tool_tables else "tests/security/matrix.py"
    assert not missing, f"{name}: add a kwargs builder for {missing} in {where} (URL_KWARGS or NAME_KWARGS)"
    return reverse(name, kwargs={p: builders[p](place) for p in route.params})


def outcome(response):
    if response.status_code in (301, 302, 303, 307):
        return LOGIN if response["Location"].startswith(login_url() + "?") else REDIRECT
    return response.status_code


def fetch(client, method, url, data=None):
    try:
        response = client.get(url) if method == "get" else client.post(url, data or {})
    except Exception as exc:  # a crash is an outcome to report, not a reason to stop the walk
        return f"crash: {exc.__class__.__name__}: {exc}"[:120]
    return outcome(response)


ROUTES = {r.name: r for r in walk() if r.name}
