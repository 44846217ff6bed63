"""The list and a poll's page cost the same number of queries at two sizes: more polls do not
add queries to the list, more votes none to the page (results are counted in SQL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..builders import add_member, make_user
from .builders import cast, make_poll

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # warm what the header caches (counts that new polls' and votes' activity moved)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["reader", "manager"])
def test_the_list_costs_the_same_with_more_polls(as_user, workspace, personas, persona):
    manager, reader = personas["manager"], personas["reader"]
    url = reverse("polls:index", args=[workspace.slug])
    for n in range(3):
        poll = make_poll(workspace, manager, anonymous=n % 2 == 0)
        cast(poll, reader, "Yes")
    client = as_user(personas[persona])
    _queries(client, url)  # the first request of a session reads what later ones have cached
    few = _queries(client, url)
    for n in range(12):
        poll = make_poll(workspace, manager, stage=("open", "closed", "draft", "scheduled")[n % 4])
        if n % 4 == 0:
            cast(poll, reader, "No")
    assert _queries(client, url) == few <= 14


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_poll_page_costs_the_same_with_more_votes(as_user, workspace, manager, reader, anonymous):
    poll = make_poll(workspace, manager, anonymous=anonymous, results="always", allow_other=True)
    cast(poll, reader, "Yes")
    url = poll.get_absolute_url()
    client = as_user(manager)
    _queries(client, url)
    few = _queries(client, url)
    for n in range(15):
        voter = make_user(f"voter{n}@example.org")
        add_member(workspace, voter)
        if n % 5 == 0:
            cast(poll, voter, other="Maybe")
        else:
            cast(poll, voter, "Yes" if n % 3 else "No")
    _queries(client, url)  # new members changed the access epoch: cached standings are read again once
    assert _queries(client, url) == few <= 30
    assert "16 people voted." in client.get(url).content.decode()
