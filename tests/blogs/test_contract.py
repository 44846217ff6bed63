"""The blogs' contract: what is public (published_posts, the one query feeds and pages read)
agrees with the policy, for one person and for many at once; scheduled posts go public once."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from blogs import services
from blogs.models import Post
from blogs.selectors import published_posts
from workspaces.kit.moderation import ModerationStatus
from workspaces.models import Access, Activity
from workspaces.permissions import can, visible, visible_to_many

from ..builders import make_team
from .builders import make_blog, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(public_workspace, manager, contributor, reader):
    blog = make_blog(public_workspace, manager, title="News", writers="contributors")
    team = make_team(public_workspace, "Board")
    members_blog = make_blog(public_workspace, manager, title="Members' news", view_access=Access.MEMBERS)
    posts = {
        "public": make_post(blog, manager, title="Public"),
        "draft": make_post(blog, contributor, stage="draft", title="Draft"),
        "scheduled": make_post(blog, manager, stage="scheduled", title="Scheduled"),
        "unpublished": make_post(blog, manager, stage="unpublished", title="Unpublished"),
        "team": make_post(blog, manager, title="Team only", view_access=Access.TEAMS, view_teams=[team]),
        "members": make_post(members_blog, manager, title="Members only"),
        "deleted": make_post(blog, manager, title="Deleted"),
        "hidden": make_post(blog, manager, title="Hidden"),
    }
    Post.objects.filter(pk=posts["deleted"].pk).update(is_deleted=True)
    Post.objects.filter(pk=posts["hidden"].pk).update(status=ModerationStatus.HIDDEN)
    return posts


def titles(posts):
    return {post.title for post in posts}


def test_published_posts_are_what_is_public_to_each_reader(world, public_workspace, manager, reader):
    assert titles(published_posts(AnonymousUser(), public_workspace)) == {"Public"}
    assert titles(published_posts(reader, public_workspace)) == {"Public", "Members only"}
    # Managers see every post on its page, but a feed or a public list shows only what is public.
    assert titles(published_posts(manager, public_workspace)) == {"Public", "Members only", "Team only"}


def test_the_policy_agrees_with_lists_and_with_many_at_once(world, public_workspace, manager, contributor, reader,
                                                            outsider):
    people = [manager, contributor, reader, outsider, AnonymousUser()]
    everything = Post.objects.filter(workspace=public_workspace)
    for person in people:
        single = {post.pk for post in everything if can(person, "blogs.view_post", post)}
        assert set(visible(person, everything, within=public_workspace).values_list("pk", flat=True)) == single
        assert set(visible(person, everything).values_list("pk", flat=True)) == single
    pairs = visible_to_many([manager, contributor, reader, outsider], everything)
    for person in (manager, contributor, reader, outsider):
        assert {pk for user_id, pk in pairs if user_id == person.pk} == {
            post.pk for post in everything if can(person, "blogs.view_post", post)}
    # Its author sees a draft; other members do not.
    assert can(contributor, "blogs.view_post", world["draft"]) and not can(reader, "blogs.view_post", world["draft"])


def test_a_scheduled_post_goes_public_at_its_time_and_is_told_once(world, public_workspace, manager):
    post = world["scheduled"]
    assert services.publish_due() == 0
    later = timezone.now() + timedelta(days=2)
    assert services.publish_due(now=later) == 1
    assert services.publish_due(now=later) == 0
    told = Activity.objects.filter(verb="blogs.post_published", target_id=post.pk)
    assert told.count() == 1


def test_a_time_in_the_past_is_refused(world, manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.post_publish(actor=manager, post=world["draft"], at=timezone.now() - timedelta(minutes=1))
    assert Post.objects.get(pk=world["draft"].pk).state == "draft"


def test_comments_only_on_public_posts_of_blogs_that_take_them(world, contributor, reader):
    assert can(contributor, "blogs.comment_post", world["public"])
    assert not can(reader, "blogs.comment_post", world["public"])  # readers read
    assert not can(contributor, "blogs.comment_post", world["scheduled"])
