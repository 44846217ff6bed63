"""The blogs' demo: seeded by `manage.py seed_demo`, safe to run again."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from blogs.demo import POSTS, SOCIAL
from blogs.models import Blog, Post, PostState, SocialLink
from blogs.selectors import published_posts
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_demo_news_once():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    workspace = Workspace.objects.get(slug="demo-programme")
    assert list(Blog.objects.filter(workspace=workspace).values_list("title", flat=True)) == [
        "News", "Programme updates"]
    posts = Post.objects.filter(workspace=workspace)
    assert posts.count() == len(POSTS)
    assert posts.filter(state=PostState.DRAFT).count() == 1
    assert sum(post.is_scheduled() for post in posts) == 1
    reader = get_user_model().objects.get(email="reader@example.org")
    public = list(published_posts(reader, workspace))
    assert len(public) == 8 and all(post.summary and post.tag_names for post in public)
    assert all("<h2>" in post.html for post in public)
    assert SocialLink.objects.filter(workspace=workspace).count() == len(SOCIAL)
    client = Client()
    client.force_login(reader)
    page = client.get(f"/w/{workspace.slug}/blogs/").content.decode()
    assert "The consultation on river bathing sites opens" in page and "Demo Department on LinkedIn" in page
    commented = public[-1]  # the oldest: the consultation's opening
    page = client.get(commented.get_absolute_url()).content.decode()
    assert "Comments (2)" in page
