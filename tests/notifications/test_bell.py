"""The bell and the list count and show only notifications about what the person may see now
(the permission layer, asked for a page at once), at a bounded cost, and reading one about an
item hidden since reveals nothing."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from links.models import Link
from notifications.models import Frequency, Notification
from notifications.selectors import unread_count
from notifications.services import follow
from wikis.models import Page
from wikis.services import page_create
from workspaces.models import Access, Activity
from workspaces.permissions import forget

from ..builders import make_team
from ..conftest import PERSONAS
from .conftest import add_link, edit_link


def bell(client):
    """The bell's count as shown in the header ("" when none)."""
    html = client.get(reverse("notifications:preferences")).content.decode()
    start = html.find('class="bell-count">')
    return "" if start < 0 else html[start + len('class="bell-count">'):].split("<", 1)[0]


def tell(users, workspace, target, count, title="Secret restructuring"):
    """`count` unread notifications about `target` for each of `users`, written directly (the
    services would take a while for hundreds)."""
    kind = ContentType.objects.get_for_model(target)
    activities = Activity.objects.bulk_create(
        Activity(workspace=workspace, verb="links.link_updated", target_type=kind, target_id=target.pk,
                 target_title=title, target_url="/x/") for _ in range(count))
    Notification.objects.bulk_create(
        Notification(recipient=user, activity=activity, workspace=workspace, reason="followers",
                     delivery=Frequency.OFF) for activity in activities for user in users)


@pytest.fixture
def limited(workspace, personas, contributor):
    """A link by the contributor that everyone followed, edited three times, then limited to a
    team the reader and contributor are not in (the contributor, its author, still sees it)."""
    link = add_link(workspace, contributor, title="Secret restructuring")
    for persona in ("reader", "manager", "site_admin"):
        follow(user=personas[persona], item=link)
    for n in range(3):
        edit_link(link, personas["site_admin"], title=f"Secret restructuring v{n + 2}")
    team = make_team(workspace, "Board", members=[personas["manager"]])
    from workspaces.services.items import set_item_teams

    Link.objects.filter(pk=link.pk).update(view_access=Access.TEAMS)
    set_item_teams(Link.objects.get(pk=link.pk), view_teams=[team])
    return link


# Written out by hand: the bell after a followed link was limited to a team (the reader is out
# of it; the contributor wrote it; the site admin, no member, hears nothing as the editor).
BELL = {"outsider": "", "reader": "", "contributor": "3", "manager": "3", "site_admin": ""}


def test_the_bell_counts_only_what_each_persona_may_still_see(as_user, personas, limited):
    got = {p: bell(as_user(personas[p])) for p in PERSONAS if p != "anonymous"}
    assert got == BELL


def test_the_list_shows_only_what_each_persona_may_still_see(as_user, personas, limited):
    got = {p: "Secret restructuring" in as_user(personas[p]).get(reverse("notifications:index")).content.decode()
           for p in PERSONAS if p != "anonymous"}
    assert got == {**{p: count != "" for p, count in BELL.items()}}


def test_reading_a_notification_about_a_hidden_item_is_not_found_and_names_nothing(as_user, reader, limited):
    hidden = Notification.objects.filter(recipient=reader).first()
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = as_user(reader).post(reverse("notifications:read", args=[hidden.pk]), **headers)
        assert response.status_code == 404 and "Secret" not in response.content.decode()
    assert Notification.objects.get(pk=hidden.pk).read_at is None


def test_marking_all_read_does_not_count_hidden_ones(as_user, reader, limited):
    response = as_user(reader).post(reverse("notifications:read_all"), follow=True)
    assert "All your notifications are marked as read." in response.content.decode()
    assert "3 notifications" not in response.content.decode()
    assert not Notification.objects.filter(recipient=reader, read_at__isnull=True).exists()


def test_the_bell_says_99_plus_past_its_cap(as_user, workspace, reader, contributor):
    link = add_link(workspace, contributor, title="Busy link")
    tell([reader], workspace, link, 120)
    assert bell(as_user(reader)) == "99+"


def test_the_bell_costs_the_same_queries_for_more_notifications_of_several_kinds(workspace, reader, manager,
                                                                                 contributor):
    team = make_team(workspace, "Board", members=[manager])
    link = add_link(workspace, contributor, title="Open link")
    secret = add_link(workspace, manager, title="Secret", view_access=Access.TEAMS, view_teams=[team])
    page = page_create(actor=manager, workspace=workspace, title="Wiki page", text="x")
    counts, found = [], []
    for size in (2, 20):
        for target in (link, secret, page):
            tell([reader], workspace, target, size)
        forget(reader)  # as on a fresh request (a person's standing is kept for the rest of one)
        with CaptureQueriesContext(connection) as ctx:
            found.append(unread_count(reader))
        counts.append(len(ctx.captured_queries))
    assert found == [4, 44]  # the team-limited link's are never counted
    assert counts[0] == counts[1] <= 6, counts  # the notifications, then per kind: items, standing(, teams)
    assert Page.objects.count() == 1


def test_the_list_counts_no_further_than_the_page_it_shows(as_user, workspace, reader, contributor):
    link = add_link(workspace, contributor, title="Busy link")
    tell([reader], workspace, link, 60)
    client = as_user(reader)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("notifications:index"))
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "notification" in q["sql"]]
    assert counts and all("LIMIT 26" in sql for sql in counts)  # one row past page 1 (25 a page)
    assert first.context["page_obj"].has_next() and "Page 1 of" not in first.content.decode()
    second = client.get(reverse("notifications:index"), {"page": 2})
    assert second.context["page_obj"].number == 2 and second.context["page_obj"].has_next()
    last = client.get(reverse("notifications:index"), {"page": 3})
    assert len(last.context["page_obj"].object_list) == 10 and not last.context["page_obj"].has_next()
    beyond = client.get(reverse("notifications:index"), {"page": 99})
    assert beyond.context["page_obj"].number == 3  # the nearest page, as before
