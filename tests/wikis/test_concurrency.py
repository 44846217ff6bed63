"""Saving a page while someone else holds its row: the lock is waited for, then the page is read
as it is now, with the rows joined to it. (In one locking query PostgreSQL re-reads only the
locked row after a wait, so its parent would be the one from before the wait.) Real concurrent
connections, so PostgreSQL only."""

import threading
import time

import pytest
from django.db import connection, transaction

from wikis import services
from wikis.models import Page

from .builders import make_page

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _after_a_move_made_while_waiting(page, new_parent):
    """Lock the page in one connection and move it under new_parent; meanwhile, in another,
    take the wiki's lock on it (which must wait); return what the second one read."""
    holds, may_commit, results = threading.Event(), threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                Page.objects.select_for_update().get(pk=page.pk)
                Page.objects.filter(pk=page.pk).update(parent=new_parent, path=f"{new_parent.path}{page.pk}/")
                holds.set()
                may_commit.wait(10)
        finally:
            connection.close()

    def second():
        holds.wait(10)
        try:
            with transaction.atomic():
                results["read"] = services._locked(page)
        except Exception as exc:  # the outcome under test, reported to the main thread
            results["read"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    holds.wait(10)
    time.sleep(0.5)
    assert "read" not in results, "the second lock did not wait for the first"
    may_commit.set()
    for thread in threads:
        thread.join(20)
    return results["read"]


def test_the_lock_reads_the_parent_as_it_is_after_waiting(workspace, manager):
    old_parent = make_page(workspace, manager, title="Old place")
    new_parent = make_page(workspace, manager, title="New place")
    page = make_page(workspace, manager, title="Moving", parent=old_parent)

    current = _after_a_move_made_while_waiting(page, new_parent)

    assert not isinstance(current, Exception), current
    assert current.parent_id == new_parent.pk
    assert current.parent is not None and current.parent.pk == new_parent.pk
    assert current.parent.path == new_parent.path and current.path == f"{new_parent.path}{page.pk}/"
