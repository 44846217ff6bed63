"""Builders and fixtures for the licence tests: the fixed personas' organisation with licensing
switched on, a current pool covering the members, and an organisation admin who is not staff."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.builders import make_user
from workspaces.licences.services import licence_assign, organisation_admin_set, pool_create
from workspaces.models import Licence, LicencePool, Organisation


def make_pool(organisation, label="Stakeholders 2027", seats=10, valid_from=None, valid_until=None):
    today = timezone.localdate()
    return pool_create(
        actor=None, organisation=organisation, label=label, seats=seats,
        valid_from=valid_from or today - timedelta(days=30), valid_until=valid_until or today + timedelta(days=365),
    )


def license(pool, user_or_email, name=""):
    email = user_or_email if isinstance(user_or_email, str) else user_or_email.email
    licence, _ = licence_assign(actor=None, pool=pool, email=email, name=name)
    return licence


def refresh(pool):
    return LicencePool.objects.get(pk=pool.pk)


def active_count(pool):
    return Licence.objects.filter(pool=pool, released_at__isnull=True).count()


def enable_licensing(organisation):
    Organisation.objects.filter(pk=organisation.pk).update(licensing_enabled=True)
    organisation.licensing_enabled = True


def yesterday():
    return timezone.localdate() - timedelta(days=1)


def far_past():
    return date(2020, 1, 1)


@pytest.fixture
def org_admin(organisation):
    """An organisation admin: not Django staff, not a member of any workspace."""
    user = make_user("orgadmin@example.org", "Olga Orgadmin")
    organisation_admin_set(actor=None, organisation=organisation, user=user, is_admin=True)
    return user


@pytest.fixture
def pool(organisation):
    return make_pool(organisation)


@pytest.fixture
def licensed(organisation, pool, manager, contributor, reader):
    """Licensing on for the personas' organisation; manager, contributor and reader licensed."""
    enable_licensing(organisation)
    for user in (manager, contributor, reader):
        license(pool, user)
    return pool
