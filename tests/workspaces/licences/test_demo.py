"""The demo data: licences required in Demo Department, a pool covering the demo members, and the
demo manager as its organisation admin. Safe to run again."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from workspaces.models import Licence, LicencePool, Organisation, OrganisationMembership

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=StringIO())


def test_the_demo_licenses_its_members_once(as_user):
    seed()
    seed()
    organisation = Organisation.objects.get(slug="demo")
    pool = LicencePool.objects.get(organisation=organisation)
    assert organisation.licensing_enabled and pool.label == "Demo stakeholders 2027"
    assert pool.seats_used == 3 == Licence.objects.filter(pool=pool, released_at__isnull=True).count()
    assert sorted(Licence.objects.values_list("email", flat=True)) == [
        "contributor@example.org", "manager@example.org", "reader@example.org"]
    users = {u.email: u for u in get_user_model().objects.all()}
    assert OrganisationMembership.objects.get(organisation=organisation, user=users["manager@example.org"]).is_admin
    assert as_user(users["reader@example.org"]).get("/w/demo-programme/").status_code == 200
    assert as_user(users["manager@example.org"]).get(reverse("licence_overview", args=["demo"])).status_code == 200


def test_running_the_demo_again_renews_a_pool_that_has_ended():
    seed()
    yesterday = timezone.localdate() - timedelta(days=1)
    LicencePool.objects.update(valid_from=yesterday - timedelta(days=400), valid_until=yesterday)
    seed()
    assert LicencePool.objects.get().valid_until > timezone.localdate()
