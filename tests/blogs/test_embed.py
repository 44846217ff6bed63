"""The latest-news widget (blogs.views_embed): the newest five public posts of a public
workspace, as an anonymous visitor sees them, framed only by the allowed sites."""

import pytest
from django.test import Client
from django.urls import reverse

from workspaces.models import Workspace

from ..conftest import client_for
from .builders import make_blog, make_post

pytestmark = pytest.mark.django_db


def latest_url(workspace):
    return reverse("blogs:embed_latest", kwargs={"workspace": workspace.slug})


def test_the_newest_five_public_posts_open_in_the_top_window(public_workspace, manager):
    Workspace.objects.filter(pk=public_workspace.pk).update(embed_origins="https://www.example.gov.uk")
    blog = make_blog(public_workspace, manager, title="News")
    posts = [make_post(blog, manager, title=f"Item {i}") for i in range(7)]
    make_post(blog, manager, stage="draft", title="A draft")
    make_post(blog, manager, stage="scheduled", title="Tomorrow")
    make_post(blog, manager, title="Members only", view_access="members")
    response = Client().get(latest_url(public_workspace))
    assert response.status_code == 200
    assert "frame-ancestors https://www.example.gov.uk" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    html = response.content.decode()
    assert "<title>Latest news from Open forum</title>" in html and "<h1>Latest news from Open forum</h1>" in html
    shown = [post.title for post in posts[::-1][:5]]
    positions = [html.index(f">{title}<") for title in shown]
    assert positions == sorted(positions)
    for hidden in ("Item 1<", "Item 0<", "A draft", "Tomorrow", "Members only"):
        assert hidden not in html
    assert f'href="{posts[-1].get_absolute_url()}" target="_blank" rel="noopener"' in html


def test_a_manager_sees_no_more_than_a_visitor(public_workspace, manager):
    blog = make_blog(public_workspace, manager, title="News")
    make_post(blog, manager, title="Members only", view_access="members")
    make_post(blog, manager, stage="draft", title="A draft")
    html = client_for(manager).get(latest_url(public_workspace)).content.decode()
    assert "Members only" not in html and "A draft" not in html and "No news yet." in html


def test_a_private_workspace_has_no_widget(workspace, manager, reader):
    blog = make_blog(workspace, manager, title="News")
    make_post(blog, manager, title="Secret", view_access="anyone")
    for client in (client_for(reader), client_for(manager)):
        response = client.get(latest_url(workspace))
        assert response.status_code == 404 and b"Secret" not in response.content
        assert response["X-Frame-Options"] == "DENY"


def test_the_widget_costs_a_bounded_number_of_queries(public_workspace, manager, django_assert_max_num_queries):
    blog = make_blog(public_workspace, manager, title="News")
    make_post(blog, manager, title="First", tags=["rivers"])
    with django_assert_max_num_queries(8):
        assert Client().get(latest_url(public_workspace)).status_code == 200
    other = make_blog(public_workspace, manager, title="Other")
    for i in range(12):
        make_post(other if i % 2 else blog, manager, title=f"Post {i}", tags=[f"t{i}", "rivers"])
    with django_assert_max_num_queries(8):
        assert Client().get(latest_url(public_workspace)).status_code == 200
