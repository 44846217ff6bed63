"""Whom "everyone" mail reaches: announcements, the WORKSPACE_MEMBERS fan-out of activities and
reminders go only to members whose membership counts now (not a lapsed licence) and who may see
what they are about — one rule, the permission layer's members_who_may_see — and the announce form
offers no more than that."""

from unittest import mock

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from links.models import Link
from notifications import announcements, tasks
from notifications.delivery import expand_fanout
from notifications.models import Announcement, Fanout, Notification
from workspaces import reminders
from workspaces.activity import record
from workspaces.models import Access, LicencePool, OutboundEmail, Role
from workspaces.permissions import forget, members_who_may_see
from workspaces.registry import WORKSPACE_MEMBERS, NotifyRule, Tool, register_temporarily

from ..builders import add_member, make_team, make_user
from ..workspaces.licences.conftest import enable_licensing, license, make_pool
from .conftest import add_link

# Who is emailed, written out by hand: the reader's licence has lapsed; the site admin is a
# member without a licence (site admins need none); the outsider is no member.
EVERYONE = {"outsider": False, "reader": False, "contributor": True, "manager": True, "site_admin": True}
# ... about a link limited to managers (written by the contributor, who still sees their own).
MANAGERS_ITEM = {"outsider": False, "reader": False, "contributor": True, "manager": True, "site_admin": True}
# ... about a link limited to a team of the reader (lapsed) and the manager, written by the manager.
TEAM_ITEM = {"outsider": False, "reader": False, "contributor": False, "manager": True, "site_admin": True}


@pytest.fixture
def lapsed(organisation, workspace, personas):
    """Licences required; the contributor and manager hold a current one, the reader's ended;
    the site admin is a reader here with none."""
    add_member(workspace, personas["site_admin"], Role.READER)
    current, ended = make_pool(organisation), make_pool(organisation, label="Ended")
    license(current, personas["contributor"])
    license(current, personas["manager"])
    license(ended, personas["reader"])
    LicencePool.objects.filter(pk=ended.pk).update(valid_until=timezone.localdate() - timezone.timedelta(days=1))
    enable_licensing(organisation)
    for user in personas.values():
        if user is not None:
            forget(user)
    return personas


def emailed(personas):
    to = {address for message in mail.outbox for address in message.to}
    return {p: personas[p].email in to for p in EVERYONE}


def test_the_rule_drops_lapsed_members_and_those_who_may_not_see(lapsed, workspace):
    ids = [u.pk for u in lapsed.values() if u is not None]
    link = add_link(workspace, lapsed["contributor"], view_access=Access.MANAGERS)
    assert members_who_may_see(ids, workspace) == {lapsed[p].pk for p, yes in EVERYONE.items() if yes}
    assert members_who_may_see(ids, workspace, link) == {lapsed[p].pk for p, yes in MANAGERS_ITEM.items() if yes}


def test_an_announcement_to_everyone_skips_a_lapsed_licence(lapsed, as_user, workspace, commits):
    url = reverse("notifications:announce", args=[workspace.slug])
    assert "reach <strong>3 people" in as_user(lapsed["manager"]).get(url).content.decode()
    with commits():
        as_user(lapsed["manager"]).post(url, {"subject": "News", "message": "Hello.", "confirm": "send"})
    assert emailed(lapsed) == EVERYONE and Announcement.objects.get().recipient_count == 3


@pytest.mark.parametrize("limit", ["managers", "team"])
def test_an_announcement_about_a_limited_item_reaches_only_who_may_see_it(lapsed, as_user, workspace, commits,
                                                                         limit):
    if limit == "managers":
        link, expected = add_link(workspace, lapsed["contributor"], view_access=Access.MANAGERS), MANAGERS_ITEM
    else:
        team = make_team(workspace, "Board", members=[lapsed["reader"], lapsed["manager"]])
        link = add_link(workspace, lapsed["manager"], view_access=Access.TEAMS, view_teams=[team])
        expected = TEAM_ITEM
    client = as_user(lapsed["manager"])
    html = client.get(link.get_absolute_url()).content.decode()
    start = html.index(reverse("notifications:announce", args=[workspace.slug]) + "?")
    announce_url = html[start:html.index('"', start)].replace("&amp;", "&")
    form = client.get(announce_url).content.decode()
    reach = sum(expected.values())
    assert f"Sending to every member who may see “{link.title}” would reach <strong>{reach} people" in form
    data = {"subject": "Read this", "message": "Please.", "audience": "everyone", "item_type": link_type(link),
            "item_id": link.pk}
    step = client.post(announce_url, data).content.decode()
    assert f"This will email {reach} people" in step
    with commits():
        assert client.post(announce_url, {**data, "confirm": "send"}).status_code == 302
    assert emailed(lapsed) == expected


def link_type(link):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Link).pk


def test_the_form_offers_only_teams_with_someone_who_may_see_the_item(workspace, manager, contributor, reader,
                                                                      as_user):
    board = make_team(workspace, "Board", members=[reader])
    make_team(workspace, "Comms", members=[contributor])
    link = add_link(workspace, manager, view_access=Access.TEAMS, view_teams=[board])
    url = reverse("notifications:announce", args=[workspace.slug])
    html = as_user(manager).get(url, {"item_type": link_type(link), "item_id": link.pk}).content.decode()
    assert "Board" in html and "Comms" not in html
    assert "Comms" in as_user(manager).get(url).content.decode()  # about nothing: every team


@pytest.mark.parametrize("item", ["999999:1", "x:1", "{type}:999999", "{type}:{other}", "99999999999:1",
                                  "{type}:99999999999999999999", ":1"])
def test_an_announcement_about_an_item_not_in_this_workspace_is_not_found(workspace, public_workspace, manager,
                                                                          contributor, as_user, item):
    other = add_link(public_workspace, contributor)
    type_id, pk = item.format(type=link_type(other), other=other.pk).split(":")
    url = reverse("notifications:announce", args=[workspace.slug])
    assert as_user(manager).get(url, {"item_type": type_id, "item_id": pk}).status_code == 404
    response = as_user(manager).post(url, {"subject": "S", "message": "M", "item_type": type_id, "item_id": pk,
                                           "confirm": "send"})
    assert response.status_code == 404 and not Announcement.objects.exists()


def test_a_fan_out_to_every_member_skips_a_lapsed_licence_and_who_may_not_see(lapsed, workspace):
    link = add_link(workspace, lapsed["contributor"], view_access=Access.MANAGERS)
    tool = Tool(slug="demo", app_label="demo", name="Demo", description="", urls="links.urls",
                verbs={"demo.thing_announced": NotifyRule(notify=(WORKSPACE_MEMBERS,))})
    with register_temporarily(tool), mock.patch("workspaces.mail.enqueue"):
        for target in (None, link):
            with transaction.atomic():
                record(workspace=workspace, actor=lapsed["outsider"], verb="demo.thing_announced", title="T",
                       target=target)
        for fanout in Fanout.objects.order_by("pk"):
            expand_fanout(fanout.pk, chunk=2)
    told = {(n.activity.target_id is not None, n.recipient_id) for n in Notification.objects.select_related("activity")}
    for about, expected in ((False, EVERYONE), (True, MANAGERS_ITEM)):
        assert {p: (about, lapsed[p].pk) in told for p in EVERYONE} == expected


def test_a_reminder_to_every_member_skips_a_lapsed_licence(lapsed, workspace, commits):
    reminders.schedule(key="surveys.closing:1", workspace=workspace, due_at=timezone.now(), subject="Closes soon")
    with commits():
        tasks.send_due_reminders.apply()
    assert emailed(lapsed) == EVERYONE


def test_announcing_costs_the_same_queries_for_more_members(workspace, manager, contributor, as_user):
    link = add_link(workspace, contributor, view_access=Access.MANAGERS)
    client = as_user(manager)
    url = reverse("notifications:announce", args=[workspace.slug])
    query = {"item_type": link_type(link), "item_id": link.pk}
    counts = []
    for size in (3, 30):
        for _ in range(size):
            add_member(workspace, make_user())
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, query).status_code == 200
        counts.append(len(ctx.captured_queries))
        announcement = announcements.announce(actor=manager, workspace=workspace, subject="S", message="M",
                                              about=Link.objects.get(pk=link.pk))
        with mock.patch("workspaces.mail.queueing.enqueue_on_commit"), \
                CaptureQueriesContext(connection) as ctx:
            announcements.expand(announcement.pk)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts
    assert OutboundEmail.objects.filter(recipient=manager).count() == 2
