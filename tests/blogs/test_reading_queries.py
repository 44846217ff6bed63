"""The reading pages cost a fixed number of queries, whatever the number of posts, tags,
authors, team restrictions and comments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blogs.models import SocialLink
from workspaces.kit.comments import add_comment
from workspaces.models import Access, Role

from ..builders import add_member, make_team, make_user
from .builders import make_blog, make_post

pytestmark = pytest.mark.django_db

MAX_QUERIES = 16


def _add_posts(blog, authors, team, commenters, start, count):
    for i in range(start, start + count):
        extra = {"view_access": Access.TEAMS, "view_teams": [team]} if i % 4 == 0 else {}
        post = make_post(blog, authors[i % len(authors)], title=f"Post {i}", tags=["rivers", f"topic {i % 5}"],
                         **extra)
        for commenter in commenters[: i % 3]:
            add_comment(actor=commenter, item=post, body=f"Comment on {i}")
        SocialLink.objects.create(workspace=blog.workspace, label=f"Channel {i}", url=f"https://example.org/{i}")


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    LAST[url] = [q["sql"][:200] for q in ctx.captured_queries]
    return len(ctx.captured_queries)


LAST = {}  # url -> the queries of its last GET, to show in a failure
SMALL = {}


@pytest.mark.parametrize("persona", ["reader", "contributor", "manager"])
def test_reading_pages_do_not_grow_with_the_data(workspace, personas, persona, as_user,
                                                 django_assert_max_num_queries):
    manager, contributor = personas["manager"], personas["contributor"]
    extra = make_user("third-author@example.org", "Tara Third")
    add_member(workspace, extra, Role.CONTRIBUTOR)
    authors = [manager, contributor, extra]
    team = make_team(workspace, "Task force", members=[contributor])
    blog = make_blog(workspace, manager, writers="contributors")
    client = as_user(personas[persona])
    _add_posts(blog, authors, team, [contributor, extra], 0, 4)
    post = make_post(blog, manager, title="The post", tags=["rivers", "a", "b"])
    for n in range(2):
        add_comment(actor=contributor, item=post, body=f"First {n}")

    def urls():
        ws = workspace.slug
        return [reverse("blogs:index", args=[ws]), reverse("blogs:blog", args=[ws, blog.slug]),
                reverse("blogs:tag", args=[ws, "rivers"]), reverse("blogs:author", args=[ws, manager.pk]),
                reverse("blogs:post", args=[ws, blog.slug, post.pk])]

    small = {}
    for url in urls():
        client.get(url)  # the header's cached counts (bell, moderation) and content types filled, as usual
        with django_assert_max_num_queries(MAX_QUERIES):
            small[url] = _count(client, url)
        SMALL[url] = LAST[url]
    _add_posts(blog, authors, team, [contributor, extra], 4, 30)
    for n in range(10):
        add_comment(actor=extra, item=post, body=f"More {n}")
    for url in urls():
        client.get(url)
        with django_assert_max_num_queries(MAX_QUERIES):
            large = _count(client, url)
        assert small[url] == large, (f"{url}: {small[url]} queries with few posts, {large} with many:\n"
                                     + "\n".join(SMALL[url]) + "\n-----\n" + "\n".join(LAST[url]))
