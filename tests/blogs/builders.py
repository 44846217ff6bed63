"""Builders for blog tests: blogs and posts made through the services, as the pages make them.

    blog = make_blog(workspace, manager)                          # "News", anyone who sees the workspace
    post = make_post(blog, manager)                               # published an hour ago
    post = make_post(blog, manager, stage="draft"|"scheduled"|"unpublished"|"public", tags=["rivers"],
                     view_access=Access.TEAMS, view_teams=[team])"""

import itertools
from datetime import timedelta

from django.utils import timezone

from blogs import services
from blogs.models import Post

_n = itertools.count(1)


def make_blog(workspace, author, title=None, **extra):
    return services.blog_create(actor=author, workspace=workspace, title=title or f"Blog {next(_n)}", **extra)


def make_post(blog, author, *, stage="public", title=None, text=None, at=None, **extra):
    number = next(_n)
    post = services.post_create(actor=author, blog=blog, title=title or f"Post {number}",
                                text=text if text is not None else f"The text of post {number}.",
                                summary=extra.pop("summary", f"Summary of post {number}."), **extra)
    now = timezone.now()
    if stage in ("public", "unpublished"):
        services.post_publish(actor=author, post=post)
        if at is not None:  # published earlier: moved back, as if done then
            Post.objects.filter(pk=post.pk).update(published_at=at)
        if stage == "unpublished":
            services.post_unpublish(actor=author, post=post)
    elif stage == "scheduled":
        services.post_publish(actor=author, post=post, at=at or now + timedelta(days=1))
    return Post.objects.select_related("blog", "workspace").get(pk=post.pk)
