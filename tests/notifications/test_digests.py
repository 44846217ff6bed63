"""Digests: due in each person's own time zone, once per period, grouped, never repeating an
email already sent, never empty, and never mentioning what the recipient may not see."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notifications import digests, emails, tasks
from notifications.models import Frequency, Notification, UserSettings
from notifications.services import follow
from tests.builders import make_team
from workspaces import mail as outbox
from workspaces.models import Access, EmailStatus, Membership, OutboundEmail
from workspaces.services.items import set_item_teams

from .conftest import add_link, edit_link, want

MONDAY_0800_UTC = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 08:00 in London (winter)


def run_digests(at):
    with time_machine.travel(at, tick=False):
        return tasks.plan_digests.apply().get()


def digest_for(email):
    found = [m for m in mail.outbox if m.to == [email]]
    assert len(found) == 1, f"{email} got {len(found)} digests"
    return found[0]


@pytest.mark.parametrize("tz, hour, now, due", [
    ("", 7, datetime(2026, 11, 23, 6, 59, tzinfo=UTC), None),  # London 06:59
    ("", 7, datetime(2026, 11, 23, 7, 0, tzinfo=UTC), "2026-11-23"),
    ("America/New_York", 7, datetime(2026, 11, 23, 8, 0, tzinfo=UTC), None),  # 03:00 there
    ("America/New_York", 7, datetime(2026, 11, 23, 12, 0, tzinfo=UTC), "2026-11-23"),
    ("Asia/Tokyo", 7, datetime(2026, 11, 22, 23, 0, tzinfo=UTC), "2026-11-23"),  # already Monday 08:00
])
def test_a_daily_digest_is_due_at_the_persons_hour_in_their_time_zone(tz, hour, now, due):
    period = digests.due_period(Frequency.DAILY, now, tz, hour)
    assert (period.isoformat() if period else None) == due


def test_a_weekly_digest_is_keyed_by_the_week_and_due_from_the_chosen_day():
    wednesday = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert digests.due_period(Frequency.WEEKLY, wednesday, "", 7, weekday=2).isoformat() == "2026-11-23"
    assert digests.due_period(Frequency.WEEKLY, wednesday, "", 7, weekday=4) is None


@pytest.fixture
def followed(workspace, contributor, manager, reader):
    """The contributor adds two links; the reader follows both; the manager edits them."""
    first = add_link(workspace, contributor, title="First guidance")
    second = add_link(workspace, contributor, title="Second guidance")
    for link in (first, second):
        follow(user=reader, item=link)
    with time_machine.travel(MONDAY_0800_UTC.replace(hour=1), tick=True):
        edit_link(first, manager, title="First guidance (v2)")
        edit_link(second, manager, title="Second guidance (v2)")
        edit_link(first, manager, title="First guidance (v3)")
    return first, second


def test_digest_groups_by_workspace_tool_and_item_newest_first(followed, workspace):
    run_digests(MONDAY_0800_UTC)
    message = digest_for("reader@example.org")
    text = message.body
    assert "Your daily digest: 3 updates in 1 workspace" == message.subject
    assert "== Test programme ==" in text and "-- Links --" in text
    assert text.index("First guidance (v3)") < text.index("Second guidance (v2)")  # newest item first
    assert text.count("First guidance (v3)") == 1  # one entry per item, its events beneath
    html = message.alternatives[0][0]
    assert followed[0].get_absolute_url() in html and "viewport" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.filter(recipient__email="reader@example.org", digested_at__isnull=True).count() == 0


def test_each_person_gets_one_digest_per_period_however_often_it_runs(followed):
    run_digests(MONDAY_0800_UTC)
    run_digests(MONDAY_0800_UTC.replace(hour=9))
    outbox.send_emails.apply(args=[list(OutboundEmail.objects.values_list("pk", flat=True))])
    digest_for("reader@example.org")
    assert OutboundEmail.objects.filter(idempotency_key__startswith="digest:").count() == 2  # reader, contributor


def test_nothing_is_sent_before_the_persons_hour(followed, reader):
    UserSettings.objects.create(user=reader, timezone="America/New_York", digest_hour=7)
    run_digests(MONDAY_0800_UTC)
    assert [m for m in mail.outbox if m.to == ["reader@example.org"]] == []
    run_digests(MONDAY_0800_UTC.replace(hour=12))  # 07:00 in New York
    digest_for("reader@example.org")


def test_a_digest_never_repeats_what_went_by_immediate_email(workspace, contributor, manager, reader):
    link = add_link(workspace, contributor)
    follow(user=reader, item=link)
    edit_link(link, manager, title="Daily item")
    want(reader, Frequency.IMMEDIATE)
    edit_link(link, manager, title="Immediate item")
    outbox.send_emails.apply(args=[list(OutboundEmail.objects.values_list("pk", flat=True))])
    assert len(mail.outbox) == 1 and "Immediate item" in mail.outbox[0].subject
    run_digests(timezone.now().replace(hour=23))
    digest = [m for m in mail.outbox if m.subject.startswith("Your daily digest")]
    body = "".join(m.body for m in digest if m.to == ["reader@example.org"])
    assert "Daily item" in body and "Immediate item" not in body


def test_empty_digests_are_not_sent(workspace, contributor, manager, reader):
    run_digests(MONDAY_0800_UTC)
    assert mail.outbox == [] and OutboundEmail.objects.count() == 0


def test_no_item_is_silently_dropped_the_rest_is_counted(workspace, contributor, manager, reader):
    for i in range(emails.ITEMS_PER_GROUP + 5):
        link = add_link(workspace, contributor, title=f"Item {i:02d}")
        follow(user=reader, item=link)
        edit_link(link, manager, title=f"Item {i:02d} edited")
    for n in range(emails.EVENTS_PER_ITEM + 2):
        edit_link(link, manager, title=f"Item {i:02d} edited {n}")
    run_digests(timezone.now().replace(hour=23))
    text = digest_for("reader@example.org").body
    assert "and 5 more in Links" in text
    assert "and 3 more updates" in text  # the last item: 6 events, 3 shown
    assert f"/w/{workspace.slug}/activity/" in text


# --- Visibility: a digest never mentions what the recipient may not see ----------------------

@pytest.fixture
def reader_follows(workspace, contributor, manager, reader):
    link = add_link(workspace, contributor, title="Sensitive guidance")
    follow(user=reader, item=link)
    edit_link(link, manager, title="Sensitive guidance (v2)")
    return link


def _reader_digest_mentions(text):
    run_digests(timezone.now().replace(hour=23))
    return any(text in m.body or text in m.alternatives[0][0] for m in mail.outbox
               if m.to == ["reader@example.org"])


def test_digest_shows_what_the_reader_may_see(reader_follows):
    assert _reader_digest_mentions("Sensitive guidance (v2)")


def test_digest_leaves_out_a_workspace_the_reader_has_left(reader_follows, workspace, reader):
    Membership.objects.filter(workspace=workspace, user=reader).delete()
    assert not _reader_digest_mentions("Sensitive guidance")
    assert OutboundEmail.objects.get(recipient=reader).status == EmailStatus.SKIPPED


def test_digest_leaves_out_an_item_limited_to_managers(reader_follows):
    reader_follows.view_access = Access.MANAGERS
    reader_follows.save(update_fields=["view_access"])
    assert not _reader_digest_mentions("Sensitive guidance")


def test_digest_leaves_out_an_item_limited_to_a_team_the_reader_is_not_in(reader_follows, workspace, contributor,
                                                                          reader):
    team = make_team(workspace, "Steering", members=[contributor])
    reader_follows.view_access = Access.TEAMS
    reader_follows.save(update_fields=["view_access"])
    set_item_teams(reader_follows, view_teams=[team])
    assert not _reader_digest_mentions("Sensitive guidance")


def test_digest_shows_a_team_item_to_a_member_of_the_team(reader_follows, workspace, reader):
    team = make_team(workspace, "Steering", members=[reader])
    reader_follows.view_access = Access.TEAMS
    reader_follows.save(update_fields=["view_access"])
    set_item_teams(reader_follows, view_teams=[team])
    assert _reader_digest_mentions("Sensitive guidance (v2)")


def test_digest_leaves_out_a_deleted_item(reader_follows, contributor):
    from links.services import link_delete

    link_delete(actor=contributor, link=reader_follows)
    assert not _reader_digest_mentions("Sensitive guidance (v2)")


def test_digest_leaves_out_everything_once_the_readers_licence_lapses(reader_follows, organisation, manager,
                                                                      contributor):
    from tests.workspaces.licences.conftest import enable_licensing, license, make_pool

    pool = make_pool(organisation)
    for user in (manager, contributor):
        license(pool, user)
    enable_licensing(organisation)  # the reader holds no licence
    assert not _reader_digest_mentions("Sensitive guidance")


def test_bulk_visibility_agrees_with_the_permission_layer(workspace, public_workspace, personas, contributor):
    """The digest's batched check and visible() give the same answer, person by person."""
    from links.models import Link
    from notifications.visibility import visible_notification_ids
    from workspaces.permissions import visible

    team = make_team(workspace, "Steering", members=[personas["reader"]])
    links = []
    for ws in (workspace, public_workspace):
        for access in (Access.ANYONE, Access.MEMBERS, Access.MANAGERS, Access.TEAMS):
            link = add_link(ws, contributor, title=f"{ws.slug} {access}", view_access=access)
            if access == Access.TEAMS and ws == workspace:
                set_item_teams(link, view_teams=[team])
            links.append(link)
    users = {u.pk: u for name, u in personas.items() if u is not None}
    for user in users.values():
        for link in links:
            follow(user=user, item=link)
    for link in links:
        edit_link(link, contributor, title=link.title + " edited")
    notes = list(Notification.objects.select_related("activity", "workspace"))
    shown = visible_notification_ids(users, notes)
    for user in users.values():
        expected = set(visible(user, Link.objects.all()).values_list("pk", flat=True))
        got = {n.activity.target_id for n in notes if n.recipient_id == user.pk and n.pk in shown}
        followed = {n.activity.target_id for n in notes if n.recipient_id == user.pk}
        assert got == expected & followed, user.email


def test_digest_building_costs_the_same_queries_for_more_people(workspace, contributor, manager,
                                                                django_assert_max_num_queries):
    from tests.builders import add_member, make_user

    def people(n, prefix):
        link = add_link(workspace, contributor, title=f"{prefix} item")
        users = [make_user(f"{prefix}{i}@example.org") for i in range(n)]
        for user in users:
            add_member(workspace, user)
            follow(user=user, item=link)
        edit_link(link, manager, title=f"{prefix} edited")
        edit_link(link, manager, title=f"{prefix} edited again")
        return users

    for size, prefix in ((5, "small"), (20, "large")):
        users = people(size, prefix)
        with time_machine.travel(timezone.now().replace(hour=23), tick=False):
            digests.plan()
        ids = list(OutboundEmail.objects.filter(recipient__in=users, status="pending").values_list("pk", flat=True))
        assert len(ids) == size
        # Fixed: rows, users, notifications, memberships, items, grants. Per mail, whatever it
        # covers: one transaction (a savepoint pair here) marking it sent and claiming the next.
        with django_assert_max_num_queries(8 + 5 * size):
            assert outbox.send_outbox(ids) == size


def test_people_getting_the_same_digest_each_get_their_own_unsubscribe_link(workspace, contributor, manager, reader,
                                                                            client):
    from tests.builders import add_member, make_user

    other = make_user("olu@example.org", "Olu Other")
    add_member(workspace, other)
    link = add_link(workspace, contributor, title="Shared guidance")
    for person in (reader, other):
        follow(user=person, item=link)
    with time_machine.travel(MONDAY_0800_UTC.replace(hour=1), tick=True):
        edit_link(link, manager, title="Shared guidance (v2)")
    run_digests(MONDAY_0800_UTC)
    mine, theirs = digest_for("reader@example.org"), digest_for("olu@example.org")
    assert mine.body.split("Unsubscribe:")[0] == theirs.body.split("Unsubscribe:")[0]  # rendered once
    links = {}
    for person, message in ((reader, mine), (other, theirs)):
        url = message.extra_headers["List-Unsubscribe"].strip("<>")
        html = message.alternatives[0][0]
        assert url in message.body and url.replace("&", "&amp;") in html
        links[person.pk] = url
        assert emails.read_unsubscribe_token(url.rstrip("/").rpartition("/")[2])["u"] == person.pk
    assert links[reader.pk] != links[other.pk]


def _follow_wiki(workspace, author, people):
    from wikis.services import page_create, page_update

    minutes = page_create(actor=author, workspace=workspace, title="Minutes", text="Draft.")
    agenda = page_create(actor=author, workspace=workspace, title="Agenda", text="Draft.")
    for person in people:
        for page in (minutes, agenda):
            follow(user=person, item=page)
    with time_machine.travel(MONDAY_0800_UTC.replace(hour=1), tick=True):
        page_update(actor=author, page=minutes, text="Agreed.")
        page_update(actor=author, page=agenda, text="Agreed.")
    return minutes, agenda


def test_a_digest_never_mentions_a_deleted_wiki_page_except_to_managers(workspace, contributor, manager, reader):
    from wikis.services import page_delete

    minutes, _ = _follow_wiki(workspace, contributor, [reader, manager])
    page_delete(actor=manager, page=minutes)
    run_digests(MONDAY_0800_UTC)
    for_reader = digest_for("reader@example.org").body
    assert "Agenda" in for_reader and "Minutes" not in for_reader
    assert "Minutes" in digest_for("manager@example.org").body  # managers may restore it


def test_checking_wiki_notifications_for_many_people_costs_the_same_queries(workspace, contributor, manager,
                                                                           django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.visibility import visible_notification_ids
    from tests.builders import add_member, make_user

    people = [make_user(f"person{i}@example.org") for i in range(8)]
    for person in people:
        add_member(workspace, person)
    _follow_wiki(workspace, contributor, people)

    def queries_for(group):
        notes = list(Notification.objects.filter(recipient__in=group).select_related("activity", "workspace"))
        users = {p.pk: p for p in group}
        with CaptureQueriesContext(connection) as ctx:
            shown = visible_notification_ids(users, notes)
        assert len(shown) == len(notes)
        return len(ctx.captured_queries)

    assert queries_for(people[:4]) == queries_for(people)
