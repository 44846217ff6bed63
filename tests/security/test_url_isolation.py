"""Isolation: ids of another workspace or organisation are not found, an archived workspace is
read-only, and organisation admins reach only their own organisation's licences. (A tool
switched off is gone: test_tool_contract.py, for every tool.)"""

import pytest

from workspaces.models import OrganisationMembership, Workspace

from .probe import ROUTES, fetch, url_for
from .tables import ARCHIVED, MATRIX, OBJECT_PARAMS, ORGANISATION_ADMIN, POST_DATA
from .world import client_as, diff, snapshot

# --- Objects of another workspace are not reachable through this one's URLs ------------------


OBJECT_URLS = sorted(name for name, route in ROUTES.items() if name in MATRIX and set(route.params) & OBJECT_PARAMS)


@pytest.mark.parametrize("name", OBJECT_URLS)
@pytest.mark.parametrize("persona", ["manager", "site_admin"])
def test_an_id_from_another_workspace_is_not_found(name, persona, private, elsewhere, personas):
    # The private workspace's slug with the ids of another workspace's objects.
    mixed = elsewhere.replace(workspace=private.workspace)
    url = url_for(name, mixed)
    client = client_as(personas[persona])
    if MATRIX[name][persona] != 405:  # POST-only views refuse a GET before any lookup
        assert fetch(client, "get", url) == 404, f"GET {url}"
    if name in POST_DATA:
        before = snapshot(name)
        assert fetch(client, "post", url, POST_DATA[name]) == 404, f"POST {url}"
        assert not diff(before, snapshot(name)), f"POST {url} changed {diff(before, snapshot(name))}"


# --- An archived workspace is read-only --------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ARCHIVED))
def test_an_archived_workspace_refuses_changes_even_to_managers(name, private, personas):
    place = private
    Workspace.objects.filter(pk=place.workspace.pk).update(is_archived=True)
    url = url_for(name, place)
    for persona in ("manager", "site_admin"):
        client = client_as(personas[persona])
        assert fetch(client, "get", url) == ARCHIVED[name], f"GET {url} as {persona}"
        if ARCHIVED[name] == 403 and name in POST_DATA:
            before = snapshot(name)
            assert fetch(client, "post", url, POST_DATA[name]) == 403, f"POST {url} as {persona}"
            assert not diff(before, snapshot(name)), f"POST {url} as {persona} changed {diff(before, snapshot(name))}"


# --- Organisation admins manage their own organisation's licences, nothing more ----------------


def test_organisation_admin_rows_cover_every_organisation_url():
    organisation_urls = {n for n, row in MATRIX.items() if "organisation" in ROUTES[n].params}
    assert organisation_urls == set(ORGANISATION_ADMIN)


@pytest.mark.parametrize("name", sorted(ORGANISATION_ADMIN))
def test_an_organisation_admin_manages_licences_of_their_own_organisation_only(name, private, elsewhere, personas):
    admin = personas["outsider"]
    OrganisationMembership.objects.create(organisation=private.organisation, user=admin, is_admin=True)
    client = client_as(admin)
    assert fetch(client, "get", url_for(name, private)) == ORGANISATION_ADMIN[name]
    assert fetch(client, "get", url_for(name, elsewhere)) == 404
