"""The blogs' part of the scale seed: one blog of many public posts with tags, over three years."""

import random
from dataclasses import replace

import pytest
from django.test import Client
from django.utils import timezone

from blogs.models import Post, PostTag
from blogs.scale import TAGS, bench_pages, seed_scale
from workspaces.scale import SIZES, ScaleContext

pytestmark = pytest.mark.django_db


def test_the_scale_seed_makes_a_big_blog_and_its_pages(workspace, manager, contributor, reader):
    size = replace(SIZES["S"], links=40)  # 100 posts
    users = [manager, contributor, reader]
    ctx = ScaleContext(size=size, rng=random.Random(1), now=timezone.now(), organisation=workspace.organisation,
                       workspace=workspace, small_workspaces=[], demo={u.email: u for u in users},
                       staff_ids=[u.pk for u in users], stakeholder_ids=[], team_ids=[])
    seed_scale(ctx)
    posts = Post.objects.filter(workspace=workspace)
    assert posts.count() == 100
    span = posts.order_by("published_at").last().published_at - posts.order_by("published_at").first().published_at
    assert span.days > 2 * 365
    assert set(PostTag.objects.filter(workspace=workspace).values_list("name", flat=True)) == set(TAGS)
    pages = bench_pages(workspace)
    assert [name for name, _ in pages] == ["blogs index", "blog page"]
    client = Client()
    client.force_login(reader)
    for _, url in pages:
        response = client.get(url)
        assert response.status_code == 200 and len(response.context["page_obj"].object_list) > 0
