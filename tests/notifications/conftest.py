"""Fixtures for notification tests: preferences, a content helper that goes through the links
service (so activity is recorded as the pages record it), and the outbox in one place."""

import pytest

from links.services import link_create, link_update
from notifications.models import Frequency, Preference


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "realservices: needs a real Redis, PostgreSQL and a Celery worker (REDIS_URL and DATABASE_URL); "
        "skipped otherwise",
    )


def want(user, frequency, workspace=None):
    Preference.objects.update_or_create(user=user, workspace=workspace, defaults={"frequency": frequency})


def add_link(workspace, author, title="Consultation guidance", **extra):
    return link_create(actor=author, workspace=workspace, url="https://www.gov.uk/guidance", title=title, **extra)


def edit_link(link, editor, title=None, note=None):
    return link_update(actor=editor, link=link, url=link.url, title=title or link.title,
                       note=note if note is not None else link.note, tags=[])


@pytest.fixture
def immediate(manager, contributor, reader):
    for user in (manager, contributor, reader):
        want(user, Frequency.IMMEDIATE)


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """with commits(): ... runs what the block queued for after commit (tests run inside one
    transaction that never commits), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
