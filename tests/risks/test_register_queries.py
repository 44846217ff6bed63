"""The register table, the heat map, the due lists, the board and the export cost the same number
of queries with 5 risks as with 40 (counts in SQL, trends for a page in two queries), now and as
at a date."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ..builders import add_member, make_user
from .builders import make_register, make_risk

pytestmark = pytest.mark.django_db

CATEGORIES = ("Financial", "Legal", "Operations", "People", None)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add(register, manager, owners, start, count):
    for n in range(start, start + count):
        make_risk(register, manager, title=f"Risk {n}", current=(n % 5 + 1, (n * 3) % 5 + 1),
                  category=CATEGORIES[n % len(CATEGORIES)], owner=owners[n % len(owners)],
                  review_by=timezone.localdate())


PAGES = ["", "?status=all&sort=owner", "?as_at={today}", "heat-map/", "heat-map/?as_at={today}&score=inherent",
         "due/", "board/", "export/?format=xlsx"]


@pytest.mark.parametrize("persona", ["reader", "manager"])
@pytest.mark.parametrize("page", PAGES)
def test_register_pages_cost_the_same_with_more_risks(as_user, workspace, personas, persona, page):
    manager = personas["manager"]
    owners = [manager]
    for n in range(3):
        owner = make_user(f"owner{n}@example.org", f"Owner {n}")
        add_member(workspace, owner)
        owners.append(owner)
    register = make_register(workspace, manager)
    _add(register, manager, owners, 0, 5)
    url = reverse("risks:register", args=[workspace.slug, register.pk]) + page.format(
        today=timezone.localdate().isoformat())
    client = as_user(personas[persona])
    _queries(client, url)  # warm what the header caches
    few = _queries(client, url)
    _add(register, manager, owners, 5, 35)
    _queries(client, url)
    assert _queries(client, url) == few <= 40
