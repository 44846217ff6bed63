"""Page view, history, front page and recent changes cost a bounded number of queries, the
same at two data sizes (history asserted with a page of 500 revisions)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wikis.models import Page, Revision
from workspaces.models import Access, Role
from workspaces.permissions import access_changed

from ..builders import add_member, make_team, make_user
from .builders import make_page, url_for

MAX_PAGE_QUERIES = 12
MAX_LIST_QUERIES = 10


def _count(client, url):
    access_changed()  # the bell counted afresh each time (cached otherwise): same work at both sizes
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def _add_revisions(page, author, upto):
    """Bulk-add revisions up to number `upto` (building 500 through the service is slow)."""
    start = page.revisions.count() + 1
    Revision.objects.bulk_create(
        Revision(page=page, workspace_id=page.workspace_id, number=n, title=page.title, text=f"Text {n}\n" * 50,
                 author=author, summary=f"Edit {n}")
        for n in range(start, upto + 1)
    )
    Page.objects.filter(pk=page.pk).update(version=upto)
    page.refresh_from_db()
    return page


def _grow_wiki(workspace, authors, team, parent, start, count):
    for i in range(start, start + count):
        restricted = {"view_access": Access.TEAMS, "view_teams": [team]} if i % 4 == 0 else {}
        links = " ".join(f"[[Topic {j}]]" for j in range(i, i + 5))
        make_page(workspace, authors[i % len(authors)], title=f"Topic {i}", text=f"# Topic {i}\n\n{links}\n",
                  parent=parent if i % 2 else None, **restricted)


@pytest.fixture
def authors(workspace, manager, contributor):
    extra = make_user("third-author@example.org", "Tara Third")
    add_member(workspace, extra, Role.CONTRIBUTOR)
    return [manager, contributor, extra]


@pytest.mark.parametrize("persona", ["reader", "contributor", "manager"])
def test_page_view_query_count_does_not_grow_with_the_wiki(as_user, workspace, personas, authors, persona,
                                                           django_assert_max_num_queries):
    team = make_team(workspace, "Task force", members=[personas["contributor"]])
    top = make_page(workspace, authors[0], title="Top")
    middle = make_page(workspace, authors[1], title="Middle", parent=top)
    text = " ".join(f"[[Topic {j}]] [[Missing {j}]]" for j in range(40)) + "\n\n# A\n\n## B\n\n# C\n"
    page = make_page(workspace, authors[2], title="Deep", parent=middle, text=text)
    client = as_user(personas[persona])
    url = url_for("page", workspace, page)

    _grow_wiki(workspace, authors, team, page, 0, 10)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        small, _ = _count(client, url)
    _grow_wiki(workspace, authors, team, page, 10, 30)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        large, response = _count(client, url)
    assert len(response.context["subpages"].object_list) >= 5
    assert small == large, f"{small} queries with 10 pages but {large} with 40"


@pytest.mark.parametrize("persona", ["reader", "manager"])
def test_history_of_a_page_with_500_revisions_costs_the_same_as_with_50(as_user, workspace, personas, authors, persona,
                                                                        django_assert_max_num_queries):
    page = make_page(workspace, authors[0], title="Busy page")
    client = as_user(personas[persona])
    url = url_for("history", workspace, page)
    page = _add_revisions(page, authors[1], 50)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        small, _ = _count(client, url)
    page = _add_revisions(page, authors[2], 500)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        large, response = _count(client, url)
    assert response.context["revisions"][0].number == 500
    assert small == large, f"{small} queries for 50 revisions but {large} for 500"
    # The last page of the history too.
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        _count(client, url + "?page=20")


def test_history_does_not_load_revision_texts(as_user, workspace, manager):
    page = make_page(workspace, manager, title="Busy page")
    with CaptureQueriesContext(connection) as ctx:
        as_user(manager).get(url_for("history", workspace, page))
    revision_queries = [q["sql"] for q in ctx.captured_queries if 'FROM "wikis_revision"' in q["sql"]]
    assert revision_queries and all('"wikis_revision"."text"' not in sql for sql in revision_queries)


@pytest.mark.parametrize("name", ["index", "changes"])
def test_front_page_and_recent_changes_query_counts_do_not_grow(as_user, workspace, personas, authors, name,
                                                               django_assert_max_num_queries):
    team = make_team(workspace, "Task force", members=[personas["contributor"]])
    parent = make_page(workspace, authors[0], title="Parent")
    client = as_user(personas["contributor"])
    url = url_for(name, workspace)
    _grow_wiki(workspace, authors, team, parent, 0, 10)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        small, _ = _count(client, url)
    _grow_wiki(workspace, authors, team, parent, 10, 40)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        large, _ = _count(client, url)
    assert small == large, f"{small} queries with 10 pages but {large} with 50"


def test_diff_of_two_revisions_costs_a_fixed_number_of_queries(as_user, workspace, manager, authors,
                                                              django_assert_max_num_queries):
    page = _add_revisions(make_page(workspace, manager, title="Busy page"), authors[1], 100)
    client = as_user(manager)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        _count(client, url_for("diff", workspace, page) + "?from=3&to=97")


def test_page_view_query_count_does_not_grow_with_its_depth(as_user, workspace, manager, reader):
    client = as_user(reader)
    parent, counts = None, {}
    for depth in range(1, 9):
        parent = make_page(workspace, manager, title=f"Level {depth}", parent=parent)
        if depth in (2, 8):
            counts[depth], response = _count(client, url_for("page", workspace, parent))
            assert len(response.context["crumbs"]) == depth + 2
    assert counts[2] == counts[8], counts
