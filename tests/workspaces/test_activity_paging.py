"""The activity page's "Older activity" paging: a keyset on id, read off the (workspace, -id)
index, exact across equal timestamps and past runs of rows the reader may not see."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from workspaces.models import Access, Activity
from workspaces.selectors.workspaces import recent_activity

from ..wikis.builders import make_page


def _rows(workspace, actor, n, **fields):
    now = timezone.now()
    made = Activity.objects.bulk_create(
        [Activity(workspace=workspace, actor=actor, verb="wikis.page_created", target_title=f"Row {i}", **fields)
         for i in range(n)])
    # One timestamp for all: the keyset must not depend on created_at being distinct.
    Activity.objects.filter(pk__in=[a.pk for a in made]).update(created_at=now)
    return made


def _walk(client, workspace):
    """Every page of the activity page, following "Older activity" as a browser without JS would."""
    seen, before, pages = [], None, 0
    while True:
        response = client.get(f"/w/{workspace.slug}/activity/" + (f"?before={before}" if before else ""))
        assert response.status_code == 200
        seen += [a.pk for a in response.context["activities"]]
        before, pages = response.context["next_before"], pages + 1
        if before is None:
            return seen, pages
        assert f'href="?before={before}"' in response.content.decode()


def test_paging_with_equal_timestamps_shows_every_row_once_newest_first(as_user, reader, workspace):
    made = _rows(workspace, reader, 60)
    seen, pages = _walk(as_user(reader), workspace)
    assert seen == sorted((a.pk for a in made), reverse=True)
    assert pages == 3  # 25 + 25 + 10


def test_a_run_of_hidden_rows_does_not_end_the_paging(as_user, manager, reader, workspace):
    page = make_page(workspace, manager, title="Board minutes", view_access=Access.MANAGERS)
    older = _rows(workspace, reader, 3)
    page_type = ContentType.objects.get_for_model(page)
    hidden = _rows(workspace, manager, 80, target_type=page_type, target_id=page.pk)
    seen, pages = _walk(as_user(reader), workspace)
    assert set(seen) == {a.pk for a in older}  # the hidden ones stay hidden
    assert pages == 2
    assert len(_walk(as_user(manager), workspace)[0]) == len(older) + len(hidden) + 1  # + the page's own


def test_the_partial_page_says_when_nothing_shown_but_older_activity_remains(as_user, manager, reader, workspace):
    page = make_page(workspace, manager, title="Board minutes", view_access=Access.MANAGERS)
    _rows(workspace, reader, 3)
    hidden = _rows(workspace, manager, 80, target_type=ContentType.objects.get_for_model(page), target_id=page.pk)
    response = as_user(reader).get(f"/w/{workspace.slug}/activity/?before={hidden[-1].pk + 1}",
                                   HTTP_HX_REQUEST="true")
    assert response.context["activities"] == [] and response.context["next_before"]
    text = response.content.decode()
    assert "Older activity" in text and "yours to see" in text and "Nothing has happened here yet" not in text


@pytest.mark.parametrize("where", ["activity/", ""])
def test_activity_query_count_is_the_same_at_two_sizes(as_user, reader, workspace, where):
    client = as_user(reader)
    counts = []
    for n in (5, 90):
        _rows(workspace, reader, n)
        client.get(f"/w/{workspace.slug}/{where}")  # warm caches
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/w/{workspace.slug}/{where}")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_window_query_is_ordered_as_the_index_serves_it(reader, workspace):
    with CaptureQueriesContext(connection) as queries:
        recent_activity(reader, workspace, limit=5, before_id=10**9)
    sql = queries[0]["sql"]
    assert 'ORDER BY "workspaces_activity"."id" DESC' in sql and "LIMIT 15" in sql
    assert '"workspaces_activity"."workspace_id" =' in sql and '"workspaces_activity"."id" <' in sql
