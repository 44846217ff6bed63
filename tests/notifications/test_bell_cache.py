"""The bell's count is cached (notifications.bell) and follows every change: new notifications,
reading, and each way an item can leave a person's sight; a page shown twice runs no bell query
the second time; every write that bypasses signals on an access model renews the access epoch."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from links.models import Link
from notifications.bell import bell_count, count_key, notifications_changed
from notifications.models import Notification
from notifications.services import follow, mark_all_read, mark_read
from wikis.services import page_create, page_delete, page_update
from workspaces.licences.bulk import licences_bulk_assign, licences_bulk_release
from workspaces.licences.services import claim_pending_licences, licence_release
from workspaces.models import Access, Licence, LicencePool, Membership, Visibility
from workspaces.permissions import access_changed, access_epoch
from workspaces.services.items import set_item_teams
from workspaces.services.memberships import membership_remove
from workspaces.services.workspaces import workspace_update

from ..builders import make_team, make_user
from ..workspaces.licences.conftest import enable_licensing, far_past, license, make_pool, yesterday
from .conftest import add_link, edit_link


def cached(user, expected, django_assert_num_queries):
    """The count is `expected`, and the second ask is answered from the cache (no query)."""
    assert bell_count(user) == expected
    with django_assert_num_queries(0):
        assert bell_count(user) == expected


@pytest.fixture
def told(workspace, contributor, reader):
    """A link by the contributor that the reader follows, edited once: one unread for the reader."""
    link = add_link(workspace, contributor)
    follow(user=reader, item=link)
    edit_link(link, contributor, title="Consultation guidance v2")
    return link


def test_a_new_notification_is_counted(told, contributor, reader, django_assert_num_queries):
    cached(reader, 1, django_assert_num_queries)
    edit_link(told, contributor, title="Consultation guidance v3")
    cached(reader, 2, django_assert_num_queries)


def test_reading_one_and_reading_all_are_counted(told, contributor, reader, django_assert_num_queries):
    edit_link(told, contributor, title="Consultation guidance v3")
    cached(reader, 2, django_assert_num_queries)
    mark_read(user=reader, notification_id=Notification.objects.filter(recipient=reader).first().pk)
    cached(reader, 1, django_assert_num_queries)
    mark_all_read(user=reader)
    cached(reader, 0, django_assert_num_queries)


def test_an_item_limited_to_managers_leaves_the_count(told, contributor, reader, django_assert_num_queries):
    cached(reader, 1, django_assert_num_queries)
    link = Link.objects.get(pk=told.pk)
    link.view_access = Access.MANAGERS
    link.save()
    cached(reader, 0, django_assert_num_queries)


def test_a_team_grant_removed_leaves_the_count(told, workspace, reader, django_assert_num_queries):
    team = make_team(workspace, "Readers", members=[reader])
    link = Link.objects.get(pk=told.pk)
    link.view_access = Access.TEAMS
    link.save()
    set_item_teams(link, view_teams=[team])
    cached(reader, 1, django_assert_num_queries)
    set_item_teams(link, view_teams=[])
    cached(reader, 0, django_assert_num_queries)


def test_a_team_membership_removed_leaves_the_count(told, workspace, reader, django_assert_num_queries):
    team = make_team(workspace, "Readers", members=[reader])
    link = Link.objects.get(pk=told.pk)
    link.view_access = Access.TEAMS
    link.save()
    set_item_teams(link, view_teams=[team])
    cached(reader, 1, django_assert_num_queries)
    team.group.user_set.remove(reader)
    cached(reader, 0, django_assert_num_queries)


def test_a_soft_deleted_page_leaves_the_count(workspace, contributor, reader, manager, django_assert_num_queries):
    page = page_create(actor=contributor, workspace=workspace, title="Plans", text="First")
    follow(user=reader, item=page)
    page_update(actor=contributor, page=page, text="Second")
    cached(reader, 1, django_assert_num_queries)
    page_delete(actor=manager, page=page)
    # The deletion tells the followers (one more notification), but the page is hidden from readers.
    cached(reader, 0, django_assert_num_queries)


def test_a_removed_membership_leaves_the_count(told, workspace, reader, manager, django_assert_num_queries):
    cached(reader, 1, django_assert_num_queries)
    membership_remove(actor=manager, membership=Membership.objects.get(workspace=workspace, user=reader))
    cached(reader, 0, django_assert_num_queries)


def test_a_workspace_made_private_leaves_the_count(public_workspace, contributor, manager, outsider,
                                                  django_assert_num_queries):
    link = add_link(public_workspace, contributor)
    follow(user=outsider, item=link)
    edit_link(link, contributor, title="Consultation guidance v2")
    cached(outsider, 1, django_assert_num_queries)
    workspace_update(actor=manager, workspace=public_workspace, visibility=Visibility.PRIVATE)
    cached(outsider, 0, django_assert_num_queries)


def test_a_deactivated_account_counts_nothing(told, reader, django_assert_num_queries):
    cached(reader, 1, django_assert_num_queries)
    reader.is_active = False
    reader.save()
    cached(reader, 0, django_assert_num_queries)


def test_signing_in_does_not_renew_the_epoch(reader):
    before = access_epoch()
    reader.last_login = timezone.now()
    reader.save(update_fields=["last_login"])
    assert access_epoch() == before


def test_a_released_licence_leaves_the_count(told, organisation, reader, manager, contributor,
                                             django_assert_num_queries):
    enable_licensing(organisation)
    pool = make_pool(organisation)
    for person in (reader, manager, contributor):
        license(pool, person)
    cached(reader, 1, django_assert_num_queries)
    licence_release(actor=None, licence=Licence.objects.get(user=reader))
    cached(reader, 0, django_assert_num_queries)


def test_a_licence_lapsing_overnight_leaves_the_count(told, organisation, reader, manager, contributor,
                                                      django_assert_num_queries):
    enable_licensing(organisation)
    today = timezone.localdate()
    pool = make_pool(organisation, valid_from=today - timedelta(days=30), valid_until=today)
    for person in (reader, manager, contributor):
        license(pool, person)
    cached(reader, 1, django_assert_num_queries)
    # Nothing is written: only the date moves (a few hours, well within the count's lifetime).
    midnight = timezone.make_aware(datetime.combine(today + timedelta(days=1), time(0, 5)))
    with time_machine.travel(midnight, tick=False):
        cached(reader, 0, django_assert_num_queries)


# --- Pages ---------------------------------------------------------------------------------


def bell_queries(queries):
    return [q["sql"] for q in queries if "notifications_notification" in q["sql"]]


def test_a_page_shown_again_runs_no_bell_query(told, as_user, reader):
    client = as_user(reader)
    path = reverse("notifications:preferences")
    client.get(path)  # counted and cached
    with CaptureQueriesContext(connection) as warm:
        assert client.get(path).status_code == 200
    notifications_changed([reader.pk])
    with CaptureQueriesContext(connection) as cold:
        assert client.get(path).status_code == 200
    assert bell_queries(warm.captured_queries) == []
    assert bell_queries(cold.captured_queries) != []
    assert len(cold) > len(warm)
    assert 'class="bell-count">1<' in client.get(path).content.decode()


def test_the_count_is_stored_with_the_tokens_read_before_counting(told, reader, monkeypatch):
    """A change made while counting is not masked: the count is stored under the epoch read
    before, so the next page counts again."""
    import notifications.bell as bell

    real = bell.unread_count

    def counting_while_access_changes(user):
        count = real(user)
        access_changed()
        return count

    monkeypatch.setattr(bell, "unread_count", counting_while_access_changes)
    bell_count(reader)
    from django.core.cache import cache

    tag, _ = cache.get(count_key(reader.pk))
    assert tag[0] != access_epoch()


# --- Writes that bypass signals ------------------------------------------------------------


def renews_epoch(write):
    before = access_epoch()
    write()
    return access_epoch() != before


def test_bulk_licence_paths_renew_the_epoch(organisation, workspace, reader, contributor):
    enable_licensing(organisation)
    pool, other = make_pool(organisation), make_pool(organisation, label="Second pool")
    # bulk_create of new licences
    assert renews_epoch(lambda: licences_bulk_assign(actor=None, pool=pool, text=reader.email))
    # moved from a pool that ended to another (UPDATE of the old row)
    LicencePool.objects.filter(pk=pool.pk).update(valid_from=far_past(), valid_until=yesterday())
    assert renews_epoch(lambda: licences_bulk_assign(actor=None, pool=other, text=reader.email))
    # released in bulk (UPDATE)
    assert renews_epoch(lambda: licences_bulk_release(actor=None, organisation=organisation, text=reader.email))
    # released one by one (conditional UPDATE)
    licence = license(other, contributor)
    assert renews_epoch(lambda: licence_release(actor=None, licence=licence))


def test_claiming_a_reserved_licence_renews_the_epoch(organisation):
    enable_licensing(organisation)
    pool = make_pool(organisation)
    license(pool, "later@example.org")
    person = make_user("later@example.org", "Lee Later")
    assert renews_epoch(lambda: claim_pending_licences(person))
    assert Licence.objects.get(email="later@example.org").user == person


def test_claiming_in_a_bulk_assign_renews_the_epoch(organisation):
    enable_licensing(organisation)
    pool = make_pool(organisation)
    license(pool, "later@example.org")
    make_user("later@example.org", "Lee Later")
    assert renews_epoch(lambda: licences_bulk_assign(actor=None, pool=pool, text="later@example.org"))


def test_notifications_written_in_bulk_renew_their_recipients_tokens(told, contributor, reader, manager):
    from django.core.cache import cache

    from notifications.bell import token_key

    bell_count(reader), bell_count(manager)
    before = cache.get_many([token_key(reader.pk), token_key(manager.pk)])
    edit_link(told, contributor, title="Consultation guidance v3")  # the reader follows; the manager does not
    after = cache.get_many([token_key(reader.pk), token_key(manager.pk)])
    assert after[token_key(reader.pk)] != before[token_key(reader.pk)]
    assert after[token_key(manager.pk)] == before[token_key(manager.pk)]


def test_without_a_shared_cache_the_bell_counts_every_time(told, reader, settings, django_assert_max_num_queries):
    """Several processes each with a cache of their own would miss each other's changes: the
    bell is then never cached (settings.CACHE_SHARED: Redis, or one process)."""
    settings.CACHE_SHARED = False
    assert bell_count(reader) == 1
    with CaptureQueriesContext(connection) as again:
        assert bell_count(reader) == 1
    assert bell_queries(again.captured_queries) != []
