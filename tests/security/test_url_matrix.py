"""Every URL, every persona: GET and POST answer exactly what the tables say (the core's in
tests/security/matrix.py, each tool's in tests/<app>/security.py), and a refused request
changes nothing."""

import pytest

from ..conftest import PERSONAS
from .outcomes import MARKERS, REDIRECT, REFUSED
from .probe import ROUTES, fetch, url_for
from .tables import AUDITED_READS, EFFECTS, EXEMPT, MATRIX, POST_DATA, POST_MATRIX, PUBLIC_MATRIX, tool_of
from .urlwalk import is_local, local_app_modules, walk
from .world import client_as, diff, snapshot

# --- Every URL is declared --------------------------------------------------------------------


def test_every_url_is_exempt_or_in_the_matrix():
    local = local_app_modules()
    undeclared = []
    for route in walk():
        exempt = any(route.route.startswith(prefix) for prefix in EXEMPT)
        if exempt and not is_local(route, local):
            continue
        if route.name not in MATRIX:
            tool = tool_of(route.name or "")
            where = f"tests/{tool.app_label}/security.py" if tool else "tests/security/matrix.py"
            undeclared.append(f"{route}  (declare it in {where})")
    assert not undeclared, "URLs missing from the permission tables:\n" + "\n".join(undeclared)


def test_our_url_names_are_unique():
    local = local_app_modules()
    names = [r.name for r in walk() if is_local(r, local)]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


def test_the_matrix_names_no_url_that_does_not_exist():
    stale = sorted(set(MATRIX) - set(ROUTES)) + sorted(set(PUBLIC_MATRIX) - set(MATRIX))
    assert not stale, f"MATRIX rows for URLs that no longer exist: {stale}"


def test_every_view_of_our_apps_declares_its_access():
    local = local_app_modules()
    assert {"accounts", "workspaces", "links"} <= local
    unmarked = [str(r) for r in walk() if is_local(r, local) and r.access not in MARKERS]
    assert not unmarked, "Views without an engage_access marker (use a permissions decorator):\n" + "\n".join(unmarked)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_the_view_carries_the_marker_the_matrix_declares(name):
    assert name in ROUTES, f"{name} is in MATRIX but not in the URLconf"
    assert ROUTES[name].access == MATRIX[name]["access"], (
        f"{name}: marker {ROUTES[name].access!r}, matrix says {MATRIX[name]['access']!r}"
    )


# --- GET: each persona gets exactly what the table says ---------------------------------------


def _check(name, table, place, personas):
    url = url_for(name, place)
    wrong = []
    for persona in PERSONAS:
        expected = table[persona]
        got = fetch(client_as(personas[persona]), "get", url)
        if got != expected:
            wrong.append(f"  {persona}: expected {expected}, got {got}")
    assert not wrong, f"GET {url} ({name}):\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_get_on_the_private_workspace(name, private, personas):
    _check(name, MATRIX[name], private, personas)


@pytest.mark.parametrize("name", sorted(PUBLIC_MATRIX))
def test_get_on_the_public_workspace(name, public, personas):
    _check(name, PUBLIC_MATRIX[name], public, personas)


# --- POST: refused people change nothing; permitted ones do ----------------------------------


def _post_expected(name, persona):
    return POST_MATRIX.get(name, MATRIX[name])[persona]


@pytest.mark.parametrize("name", sorted(POST_DATA))
def test_post_is_refused_for_those_refused_and_changes_nothing(name, private, personas, organisation):
    place = private
    data = dict(POST_DATA[name])
    if "organisation" in data:
        data["organisation"] = organisation.pk
    url = url_for(name, place)
    wrong = []
    for persona in PERSONAS:
        expected = _post_expected(name, persona)
        # REDIRECT on a GET matrix row means "sent away" (workspace_create); POST_MATRIX rows
        # say REDIRECT for a write that went through, checked in the next test instead.
        if expected not in REFUSED and not (expected == REDIRECT and name not in POST_MATRIX):
            continue
        before = snapshot(name)
        got = fetch(client_as(personas[persona]), "post", url, data)
        changed = diff(before, snapshot(name))
        if got != expected or changed:
            wrong.append(f"  {persona}: expected {expected}, got {got}; changed: {changed or 'nothing'}")
    assert not wrong, f"POST {url} ({name}):\n" + "\n".join(wrong)


READ_ONLY = sorted(n for n in MATRIX if n not in POST_DATA and n not in POST_MATRIX and n != "profile")


@pytest.mark.parametrize("name", READ_ONLY)
def test_post_to_a_read_only_page_changes_nothing(name, private, personas):
    # Catches a form handler added to a page that the matrix thinks only reads.
    url = url_for(name, private)
    allowed = {"workspaces.AuditEntry"} if name in AUDITED_READS else set()
    for persona in PERSONAS:
        before = snapshot(name)
        got = fetch(client_as(personas[persona]), "post", url, {"action": "remove", "name": "x", "role": "30"})
        assert not str(got).startswith("crash"), f"POST {url} as {persona}: {got}"
        changed = set(diff(before, snapshot(name))) - allowed
        assert not changed, f"POST {url} as {persona} changed {sorted(changed)}"


EFFECT_CASES = [
    (name, persona) for name in sorted(EFFECTS) for persona in ("manager", "site_admin")
    if _post_expected(name, persona) not in REFUSED
]


@pytest.mark.parametrize("name, persona", EFFECT_CASES)
def test_permitted_post_action_takes_effect(name, persona, private, personas):
    place = private
    expected = POST_MATRIX[name][persona] if name in POST_MATRIX else REDIRECT
    got = fetch(client_as(personas[persona]), "post", url_for(name, place), POST_DATA[name])
    assert got == expected, f"POST {name} as {persona}: {got}"
    assert EFFECTS[name](place), f"POST {name} as {persona} answered {got} but did not take effect"
