"""Pools, assigning and releasing: seat counts, idempotence, refusals that name the pool, audit."""

from datetime import timedelta

import pytest
from django.contrib.auth.signals import user_logged_in
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.builders import make_organisation, make_user
from workspaces.licences.services import (
    LicenceError,
    claim_pending_licences,
    licence_assign,
    licence_release,
    organisation_set_licensing,
    pool_update,
)
from workspaces.models import AuditEntry, Licence, LicencePool

from .conftest import active_count, license, make_pool, refresh, yesterday

pytestmark = pytest.mark.django_db


def test_assigning_takes_a_seat_and_releasing_frees_it_at_once(pool, outsider):
    licence = license(pool, outsider)
    assert refresh(pool).seats_used == 1 and licence.user == outsider
    assert licence_release(actor=None, licence=licence)
    assert refresh(pool).seats_used == 0
    assert Licence.objects.get(pk=licence.pk).released_at is not None


def test_assigning_twice_changes_nothing(pool, outsider):
    first, created = licence_assign(actor=None, pool=pool, email=outsider.email)
    again, created_again = licence_assign(actor=None, pool=pool, email=outsider.email.upper())
    assert created and not created_again
    assert again.pk == first.pk
    assert refresh(pool).seats_used == 1 == active_count(pool)


def test_someone_licensed_in_another_current_pool_keeps_that_licence(organisation, pool, outsider):
    other = make_pool(organisation, label="Other pool")
    license(pool, outsider)
    licence, created = licence_assign(actor=None, pool=other, email=outsider.email)
    assert not created and licence.pool == pool
    assert refresh(other).seats_used == 0


def test_a_lapsed_licence_moves_to_the_new_pool_and_frees_the_old_seat(organisation, outsider):
    old = make_pool(organisation, label="2026", valid_from=yesterday() - timedelta(days=300), valid_until=yesterday())
    Licence.objects.create(pool=old, organisation=organisation, user=outsider, email=outsider.email)
    LicencePool.objects.filter(pk=old.pk).update(seats_used=1)
    new = make_pool(organisation, label="2027")
    licence, created = licence_assign(actor=None, pool=new, email=outsider.email)
    assert created and licence.pool == new
    assert refresh(old).seats_used == 0 and refresh(new).seats_used == 1
    entry = AuditEntry.objects.filter(action="licence.moved").get()
    assert entry.before == {"pool": "2026"} and entry.after == {"pool": "2027"}


def test_over_assigning_is_refused_naming_the_pool_and_its_free_seats(organisation, outsider, reader):
    small = make_pool(organisation, label="Tiny pool", seats=1)
    license(small, outsider)
    with pytest.raises(LicenceError) as error:
        licence_assign(actor=None, pool=small, email=reader.email)
    message = error.value.messages[0]
    assert "“Tiny pool”" in message and "1 of 1 are in use, 0 free" in message
    assert refresh(small).seats_used == 1 == active_count(small)


def test_a_pool_that_ended_yesterday_gives_no_seats(organisation, outsider):
    ended = make_pool(organisation, label="Ended pool", valid_from=yesterday() - timedelta(days=10),
                      valid_until=yesterday())
    with pytest.raises(LicenceError) as error:
        licence_assign(actor=None, pool=ended, email=outsider.email)
    assert "“Ended pool” ended on" in error.value.messages[0]
    assert refresh(ended).seats_used == 0


def test_someone_without_an_account_gets_a_seat_kept_for_their_address(pool):
    licence, created = licence_assign(actor=None, pool=pool, email="New.Person@Example.org", name="Nia New")
    assert created and licence.user is None and licence.email == "new.person@example.org"
    assert refresh(pool).seats_used == 1
    again, created = licence_assign(actor=None, pool=pool, email="new.person@example.org")
    assert not created and again.pk == licence.pk


def test_signing_in_with_a_verified_address_claims_the_kept_seat(pool, rf):
    licence = license(pool, "nia@example.org")
    user = make_user("nia@example.org")
    user_logged_in.send(sender=type(user), request=rf.get("/"), user=user)
    assert Licence.objects.get(pk=licence.pk).user == user


def test_an_unverified_address_does_not_claim_a_seat_at_sign_in(pool, rf):
    from allauth.account.models import EmailAddress

    licence = license(pool, "nia@example.org")
    user = make_user("nia@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    user_logged_in.send(sender=type(user), request=rf.get("/"), user=user)
    assert Licence.objects.get(pk=licence.pk).user is None


def test_claiming_a_kept_seat_when_already_licensed_frees_the_kept_one(organisation, pool):
    user = make_user("sam@example.org")
    license(pool, user)
    kept = license(pool, "sam.other@example.org")
    claim_pending_licences(user, emails=["sam.other@example.org"])
    assert Licence.objects.get(pk=kept.pk).released_at is not None
    assert refresh(pool).seats_used == 1


def test_releasing_twice_changes_nothing(pool, outsider):
    licence = license(pool, outsider)
    assert licence_release(actor=None, licence=licence)
    assert not licence_release(actor=None, licence=licence)
    assert refresh(pool).seats_used == 0


def test_the_database_refuses_more_seats_used_than_seats(pool):
    with pytest.raises(IntegrityError), transaction.atomic():
        LicencePool.objects.filter(pk=pool.pk).update(seats_used=pool.seats + 1)


def test_the_database_refuses_two_active_licences_for_one_person(organisation, pool, outsider):
    license(pool, outsider)
    with pytest.raises(IntegrityError), transaction.atomic():
        Licence.objects.create(pool=pool, organisation=organisation, user=outsider, email=outsider.email)


# --- pools --------------------------------------------------------------------------------------


def test_a_pool_cannot_shrink_below_the_seats_in_use(pool, outsider, reader):
    license(pool, outsider)
    license(pool, reader)
    with pytest.raises(LicenceError) as error:
        pool_update(actor=None, pool=pool, seats=1)
    assert "2 seats are in use in “Stakeholders 2027”" in error.value.messages[0]
    assert refresh(pool).seats == 10
    pool_update(actor=None, pool=pool, seats=2)
    assert refresh(pool).seats == 2


def test_a_pool_must_end_after_it_starts(pool):
    with pytest.raises(LicenceError):
        pool_update(actor=None, pool=pool, valid_until=pool.valid_from - timedelta(days=1))


def test_every_pool_change_is_audited_with_before_and_after(pool, site_admin):
    new_end = pool.valid_until + timedelta(days=90)
    pool_update(actor=site_admin, pool=pool, seats=20, valid_until=new_end)
    entry = AuditEntry.objects.filter(action="licence_pool.changed").get()
    assert entry.actor == site_admin and entry.organisation_id == pool.organisation_id
    assert entry.before == {"seats": 10, "valid_until": pool.valid_until.isoformat()}
    assert entry.after == {"seats": 20, "valid_until": new_end.isoformat()}
    created = AuditEntry.objects.filter(action="licence_pool.created").get()
    assert created.after["label"] == "Stakeholders 2027" and created.after["seats"] == 10


def test_assignments_and_releases_are_audited_with_who_and_what(pool, outsider, site_admin):
    licence, _ = licence_assign(actor=site_admin, pool=pool, email=outsider.email)
    licence_release(actor=site_admin, licence=licence)
    assigned = AuditEntry.objects.get(action="licence.assigned")
    released = AuditEntry.objects.get(action="licence.released")
    assert assigned.actor == site_admin and assigned.target_label == outsider.email
    assert assigned.after == {"pool": "Stakeholders 2027"} and assigned.organisation == pool.organisation
    assert released.before == {"pool": "Stakeholders 2027"} and released.after == {"pool": None}


def test_extending_a_pool_re_arms_its_reminders(pool, outsider):
    licence = license(pool, outsider)
    now = timezone.now()
    LicencePool.objects.filter(pk=pool.pk).update(reminder_sent_at=now)
    Licence.objects.filter(pk=licence.pk).update(reminder_sent_at=now)
    pool_update(actor=None, pool=refresh(pool), valid_until=pool.valid_until + timedelta(days=365))
    assert refresh(pool).reminder_sent_at is None
    assert Licence.objects.get(pk=licence.pk).reminder_sent_at is None


def test_switching_licensing_on_is_audited(site_admin):
    organisation = make_organisation(name="Another department")
    organisation_set_licensing(actor=site_admin, organisation=organisation, enabled=True)
    organisation.refresh_from_db()
    assert organisation.licensing_enabled
    entry = AuditEntry.objects.get(action="organisation.licensing_changed")
    assert entry.before == {"licences_required": False} and entry.after == {"licences_required": True}
