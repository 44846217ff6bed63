"""Following a blog: whoever follows it hears of each post published there, once it is public
(now, or at its scheduled time), as a post's own followers do; nobody hears of a draft."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from blogs import services
from blogs.models import Blog
from notifications.models import Follow, Notification

from .builders import make_blog, make_post

pytestmark = pytest.mark.django_db


def follow(user, item):
    Follow.objects.create(user=user, workspace=item.workspace, target_type=ContentType.objects.get_for_model(item),
                          target_id=item.pk)


def told(user, verb="blogs.post_published"):
    return list(Notification.objects.filter(recipient=user, activity__verb=verb)
                .values_list("activity__target_id", flat=True))


def test_the_blog_page_has_the_follow_button(workspace, manager, reader, as_user):
    blog = make_blog(workspace, manager)
    page = as_user(reader).get(blog.get_absolute_url()).content.decode()
    assert f'/{ContentType.objects.get_for_model(Blog).pk}/{blog.pk}/' in page  # the follow form's address


def test_followers_of_the_blog_hear_of_a_published_post(workspace, manager, reader, contributor):
    blog = make_blog(workspace, manager)
    follow(reader, blog)
    draft = make_post(blog, manager, stage="draft")
    assert told(reader) == []
    services.post_publish(actor=manager, post=draft)
    assert told(reader) == [draft.pk]
    assert told(contributor) == []  # follows nothing


def test_a_scheduled_post_is_told_to_the_blog_s_followers_at_its_time(workspace, manager, reader):
    blog = make_blog(workspace, manager)
    follow(reader, blog)
    post = make_post(blog, manager, stage="scheduled")
    assert told(reader) == []
    services.publish_due(now=timezone.now() + timedelta(days=2))
    assert told(reader) == [post.pk]


def test_someone_following_both_the_blog_and_the_post_hears_once(workspace, manager, reader):
    blog = make_blog(workspace, manager)
    post = make_post(blog, manager, stage="draft")
    follow(reader, blog)
    follow(reader, post)
    services.post_publish(actor=manager, post=post)
    assert told(reader) == [post.pk]


def test_a_comment_on_a_post_is_not_told_to_the_blog_s_followers(workspace, manager, reader, contributor):
    from workspaces.kit.comments import add_comment

    blog = make_blog(workspace, manager)
    post = make_post(blog, manager)
    follow(reader, blog)
    add_comment(actor=contributor, item=post, body="A comment")
    assert not Notification.objects.filter(recipient=reader, activity__verb__startswith="blogs.comment").exists()
