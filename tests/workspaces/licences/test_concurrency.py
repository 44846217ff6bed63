"""Two admins assigning the last seat at the same moment: one wins, the other is told, and the
database never holds more licences than seats. Real concurrent connections, so PostgreSQL only
(SQLite serialises every write and proves nothing here)."""

import threading
import time

import pytest
from django.db import connection, transaction

from workspaces.licences.services import LicenceError, licence_assign, take_seats
from workspaces.models import Licence, LicencePool

from .conftest import make_pool

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as exc:  # the outcome under test, reported to the main thread
            results[key] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_the_second_admin_waits_for_the_first_and_is_told_the_pool_is_full(organisation):
    pool = make_pool(organisation, label="Last seat", seats=1)
    first_holds_lock, first_may_commit = threading.Event(), threading.Event()
    results = {}

    def first_admin():
        # Mid-assignment: the seat is taken and its row locked, not yet committed.
        with transaction.atomic():
            assert take_seats(pool)
            Licence.objects.create(pool=pool, organisation=organisation, email="first@example.org")
            first_holds_lock.set()
            first_may_commit.wait(10)
        return "committed"

    def second_admin():
        first_holds_lock.wait(10)
        return licence_assign(actor=None, pool=pool, email="second@example.org")

    threads = [in_thread(first_admin, results, "first"), in_thread(second_admin, results, "second")]
    first_holds_lock.wait(10)
    time.sleep(0.5)  # the second admin's UPDATE is now waiting on the row lock
    assert "second" not in results, "the second assignment did not wait for the first"
    first_may_commit.set()
    for thread in threads:
        thread.join(20)
    assert results["first"] == "committed"
    assert isinstance(results["second"], LicenceError), results["second"]
    assert "“Last seat” has no free seat: 1 of 1 are in use, 0 free" in results["second"].messages[0]
    assert LicencePool.objects.get(pk=pool.pk).seats_used == 1
    assert Licence.objects.filter(pool=pool, released_at__isnull=True).count() == 1


def test_many_admins_racing_for_a_few_seats_never_overfill_the_pool(organisation):
    pool = make_pool(organisation, label="Three seats", seats=3)
    start = threading.Barrier(10)
    results = {}

    def assign(i):
        def run():
            start.wait(10)
            return licence_assign(actor=None, pool=pool, email=f"racer{i}@example.org")
        return run

    threads = [in_thread(assign(i), results, i) for i in range(10)]
    for thread in threads:
        thread.join(30)
    won = [r for r in results.values() if isinstance(r, tuple)]
    refused = [r for r in results.values() if isinstance(r, LicenceError)]
    assert len(won) == 3 and len(refused) == 7, results
    assert all("“Three seats” has no free seat" in r.messages[0] for r in refused)
    assert LicencePool.objects.get(pk=pool.pk).seats_used == 3
    assert Licence.objects.filter(pool=pool, released_at__isnull=True).count() == 3


def test_two_admins_licensing_the_same_person_at_once_make_one_licence(organisation):
    pool = make_pool(organisation, label="Plenty", seats=10)
    start = threading.Barrier(4)
    results = {}

    def assign():
        start.wait(10)
        return licence_assign(actor=None, pool=pool, email="same@example.org")

    threads = [in_thread(assign, results, i) for i in range(4)]
    for thread in threads:
        thread.join(30)
    assert all(isinstance(r, tuple) for r in results.values()), results
    assert sum(1 for _, created in results.values() if created) == 1
    assert Licence.objects.filter(email="same@example.org", released_at__isnull=True).count() == 1
    assert LicencePool.objects.get(pk=pool.pk).seats_used == 1


def test_the_database_itself_refuses_a_seat_beyond_the_pool(organisation):
    from django.db import IntegrityError

    pool = make_pool(organisation, label="Guarded", seats=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE workspaces_licencepool SET seats_used = seats + 1 WHERE id = %s", [pool.pk])
