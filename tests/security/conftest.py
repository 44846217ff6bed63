"""The security world, built once per test module: the personas, the private and the public
workspace with one of every object a URL can point at, and a workspace elsewhere.

The module's fixture opens a transaction, builds the world and rolls it all back when the
module is done; each test runs inside pytest-django's own atomic block, a savepoint within
it, so it sees the world as built whatever the test before it changed. (Under xdist a module's
tests may be split between workers: each builds its own world.) Tests here must not be
transactional (`django_db(transaction=True)` would flush the world away).
"""

import sys

import pytest
from django.db import transaction
from django.test import override_settings

from workspaces.permissions import forget

from .world import World, make_elsewhere


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    """Uploads of the world's documents live here for the whole module (the suite's autouse
    _media_root gives each test a fresh directory, where the world's files would be missing)."""
    return tmp_path_factory.mktemp("security-media")


@pytest.fixture(autouse=True)
def _media_root(settings, world_media):
    settings.MEDIA_ROOT = world_media


@pytest.fixture(autouse=True)
def _not_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        pytest.fail("tests/security keeps one world per module inside a transaction, which a transactional test "
                    "would flush away: put this test in another folder")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    # Blocked again between the steps: a test that did not ask for the database must not get it.
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=world_media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = World()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(*sys.exc_info())
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def _elsewhere(world, django_db_blocker, world_media):
    # A module fixture: set up before the test's savepoint opens, so it stays for the module.
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=world_media):
        return make_elsewhere()


@pytest.fixture
def fresh_world(world, db):
    """The world, for one test (in its savepoint). The permission layer caches a user's access
    on the user object and the world's users live for the whole module: forget what the test
    before cached."""
    for user in world.personas.values():
        if user is not None:
            forget(user)
    return world


@pytest.fixture
def private(fresh_world):
    return fresh_world.private


@pytest.fixture
def public(fresh_world):
    return fresh_world.public


@pytest.fixture
def elsewhere(_elsewhere, fresh_world):
    forget(_elsewhere.reader)
    return _elsewhere


@pytest.fixture
def personas(fresh_world):
    return fresh_world.personas


@pytest.fixture
def organisation(fresh_world):
    return fresh_world.organisation


@pytest.fixture
def workspace(fresh_world):
    return fresh_world.workspace


@pytest.fixture
def public_workspace(fresh_world):
    return fresh_world.public_workspace


@pytest.fixture
def manager(personas):
    return personas["manager"]


@pytest.fixture
def contributor(personas):
    return personas["contributor"]


@pytest.fixture
def reader(personas):
    return personas["reader"]


@pytest.fixture
def outsider(personas):
    return personas["outsider"]


@pytest.fixture
def site_admin(personas):
    return personas["site_admin"]
