"""The list page costs a fixed number of queries, whatever the number of links, tags, authors
and team restrictions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workspaces.models import Access, Role

from ..builders import add_member, make_team, make_user
from .builders import make_link, url_for

# session, user, workspace+membership, tags in use, count, page of links, their tags.
MAX_LIST_QUERIES = 8


def _add_links(workspace, authors, team, start, count):
    for i in range(start, start + count):
        restricted = {}
        if i % 4 == 0:
            restricted = {"view_access": Access.TEAMS, "view_teams": [team]}
        elif i % 7 == 0:
            restricted = {"change_access": Access.TEAMS, "change_teams": [team]}
        make_link(workspace, authors[i % len(authors)], title=f"Report {i}", tags=[f"topic {i % 5}", f"year {i % 3}"],
                  **restricted)


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["page_obj"])


@pytest.mark.parametrize("persona", ["contributor", "reader", "manager"])
@pytest.mark.parametrize("params", [{}, {"tag": "topic 1", "q": "report", "mine": "on"}])
def test_list_page_query_count_is_bounded_and_does_not_grow_with_the_data(
    as_user, workspace, personas, persona, params, django_assert_max_num_queries
):
    extra = make_user("third-author@example.org", "Tara Third")
    add_member(workspace, extra, Role.CONTRIBUTOR)
    authors = [personas["manager"], personas["contributor"], extra]
    team = make_team(workspace, "Task force", members=[personas["contributor"]])
    client = as_user(personas[persona])
    url = url_for("index", workspace)

    _add_links(workspace, authors, team, 0, 10)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        small, small_rows = _count(client, url, params)
    _add_links(workspace, authors, team, 10, 30)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        large, large_rows = _count(client, url, params)

    assert large_rows >= small_rows  # the larger data set really shows more (or a full page)
    assert small == large, f"{small} queries for 10 links but {large} for 40"


def test_detail_page_query_count_is_bounded(as_user, workspace, manager, contributor, django_assert_max_num_queries):
    team = make_team(workspace, "Task force", members=[contributor])
    link = make_link(workspace, manager, tags=["a", "b", "c"], view_access=Access.TEAMS, view_teams=[team])
    client = as_user(contributor)
    # 9: the page, its tags and team grant, the bell, and whether the reader follows it.
    with django_assert_max_num_queries(9):
        assert client.get(url_for("detail", workspace, link)).status_code == 200
