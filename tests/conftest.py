"""Fixed personas (as in the house style): one private workspace with a manager, a contributor
and a reader; an outsider who is signed up but not a member; a site admin; and anonymous."""

import os
import runpy

import pytest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.test import Client
from django.test.client import ClientHandler

from workspaces.models import Role, Visibility
from workspaces.registry import NotifyRule

from .builders import PASSWORD, add_member, make_organisation, make_user, make_workspace

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The verbs the core's own tests record (record() refuses undeclared verbs); the test-only
# tool's are declared here too, because it is registered only inside the tests that need it.
TEST_VERBS = {"tests.thing_happened": NotifyRule(), "dummytool.note_created": NotifyRule()}


@pytest.fixture(autouse=True, scope="session")
def _test_verbs():
    from workspaces import registry

    registry.register_verbs("tests", TEST_VERBS)
    yield

PERSONAS = ["anonymous", "outsider", "reader", "contributor", "manager", "site_admin"]


@pytest.fixture(autouse=True)
def _new_access_epoch():
    """A new access epoch per test: cached answers (the bell's count) outlive a test in the cache
    (LocMem here, a shared Redis in CI) and user ids come back after a rollback. Not cache.clear():
    other processes share that Redis."""
    from workspaces.permissions import access_changed

    access_changed()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organisation(db):
    return make_organisation(name="Department of Tests", slug="dot")


@pytest.fixture
def workspace(organisation):
    return make_workspace(name="Test programme", slug="test-programme", organisation=organisation)


@pytest.fixture
def public_workspace(organisation):
    return make_workspace(name="Open forum", slug="open-forum", visibility=Visibility.PUBLIC, organisation=organisation)


@pytest.fixture
def manager(workspace, public_workspace):
    user = make_user("manager@example.org", "Maya Manager")
    add_member(workspace, user, Role.MANAGER)
    add_member(public_workspace, user, Role.MANAGER)
    return user


@pytest.fixture
def contributor(workspace, public_workspace):
    user = make_user("contributor@example.org", "Chris Contributor")
    add_member(workspace, user, Role.CONTRIBUTOR)
    add_member(public_workspace, user, Role.CONTRIBUTOR)
    return user


@pytest.fixture
def reader(workspace, public_workspace):
    user = make_user("reader@example.org", "Rita Reader")
    add_member(workspace, user, Role.READER)
    add_member(public_workspace, user, Role.READER)
    return user


@pytest.fixture
def outsider(db):
    return make_user("outsider@example.org", "Oscar Outsider")


@pytest.fixture
def site_admin(db):
    return make_user("admin@example.org", "Ada Admin", site_admin=True)


@pytest.fixture
def personas(manager, contributor, reader, outsider, site_admin):
    """name -> user (None for anonymous)."""
    return {
        "anonymous": None,
        "outsider": outsider,
        "reader": reader,
        "contributor": contributor,
        "manager": manager,
        "site_admin": site_admin,
    }


_shared = {}


def shared_handler():
    """One request handler for the test clients of a process. A new handler loads the
    middleware again, and WhiteNoise's scan of every static file then costs ~30 ms, paid by
    each of the thousands of clients the suite makes. Dropped whenever a setting changes
    (the settings fixture, override_settings), since middleware may read settings once."""
    if "handler" not in _shared:
        _shared["handler"] = ClientHandler(enforce_csrf_checks=False)
    return _shared["handler"]


# Changed before every test (_media_root) and read by storage per request, not by middleware.
SETTINGS_NO_MIDDLEWARE_READS = {"MEDIA_ROOT"}


@receiver(setting_changed)
def _drop_shared_handler(setting, **kwargs):
    if setting not in SETTINGS_NO_MIDDLEWARE_READS:
        _shared.clear()


def client_for(user):
    client = Client()
    client.handler = shared_handler()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_user():
    """as_user(user) -> a test Client signed in as that user (anonymous for None)."""
    return client_for


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def configure(settings, monkeypatch):
    """configure(NAME="value", ...): run engage/settings.py again with these environment
    variables and apply, for this test, every setting they change (what a deployment with them
    would run with)."""
    from django.conf import settings as django_settings

    settings_file = str(django_settings.BASE_DIR / "engage" / "settings.py")

    def apply(**variables):
        plain = runpy.run_path(settings_file)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        changed = {name: value for name, value in runpy.run_path(settings_file).items()
                   if name.isupper() and plain.get(name) != value}
        for name, value in changed.items():
            setattr(settings, name, value)
        return changed

    return apply


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL (DATABASE_URL, as in CI); on SQLite they skip.
    (Browser tests, marked `e2e`, are skipped or required by tests/e2e/conftest.py.)"""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Every test starts with in-process (eager) tasks, whatever an earlier test in the same
    worker did: the real-services tests switch the shared Celery app to a live broker and a
    leftover switch once made an unrelated test publish to a closed connection pool."""
    from engage.celery import app

    app.conf.task_always_eager = True
    yield
