"""Asking a URL as a persona: build it from a Place, fetch it, name the outcome."""

from django.urls import reverse

from .matrix import LOGIN, NAME_BUILDERS, PARAM_BUILDERS, REDIRECT
from .urlwalk import walk
from .world import login_url

def url_for(name, place):
    route = ROUTES[name]
    builders = {**PARAM_BUILDERS, **NAME_BUILDERS.get(name, {})}
    missing = [p for p in route.params if p not in builders]
    assert not missing, f"{name}: add a kwargs builder for {missing} in tests/security/matrix.py"
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
