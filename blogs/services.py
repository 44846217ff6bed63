"""Changes to blogs and posts: keyword-only, one transaction each; the caller checked the
permission (blogs.policies).

    blog = blog_create(actor=..., workspace=..., title="News")
    post = post_create(actor=..., blog=blog, title=..., text=..., summary=..., tags=["rivers"])
    post_publish(actor=..., post=post)                       # public now: told at once
    post_publish(actor=..., post=post, at=<a future moment>) # scheduled: told by publish_due
    post_unpublish(actor=..., post=post)                     # gone from pages and feeds
    publish_due()                                            # the beat task's work

A post "goes public" once: then (and only then) its activity is recorded (followers of the
blog are told, by the notifications app) and its announcement, if it has one, is emailed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from workspaces.kit.services import item_added, locked_row, record
from workspaces.lib.forms import one_line
from workspaces.lib.tags import parse_tags

from .models import MAX_BLOGS, Blog, Post, PostState, PostTag

DUE_BATCH = 200
# The blogs' URLs' fixed words (urls.py): no blog's slug may be one of them.
RESERVED_SLUGS = frozenset({"new", "tags", "authors", "social", "embed", "feeds", "feed", "deleted", "posts",
                            "drafts", "settings"})


def unique_slug(workspace, title, exclude=None):
    base = (slugify(title) or "blog")[:50]
    taken = set(Blog.objects.filter(workspace=workspace, slug__startswith=base).exclude(pk=exclude)
                .values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def blog_create(*, actor, workspace, title, description="", writers=Blog.Writers.MANAGERS, comments=True,
                view_access="anyone", change_access="managers", view_teams=(), change_teams=()):
    if Blog.objects.filter(workspace=workspace, is_deleted=False).count() >= MAX_BLOGS:
        raise ValidationError(f"A workspace has at most {MAX_BLOGS} blogs.")
    title = one_line(title)
    blog = Blog.objects.create(workspace=workspace, created_by=actor, title=title, slug=unique_slug(workspace, title),
                               description=one_line(description), writers=writers, comments=comments,
                               view_access=view_access, change_access=change_access,
                               position=Blog.objects.filter(workspace=workspace).count())
    item_added(blog, actor=actor, verb="blogs.blog_created", summary="started the blog", view_teams=view_teams,
               change_teams=change_teams)
    return blog


def set_tags(post, tags):
    names = parse_tags(tags)
    PostTag.objects.filter(post=post).exclude(name__in=names).delete()
    have = set(PostTag.objects.filter(post=post).values_list("name", flat=True))
    PostTag.objects.bulk_create([PostTag(post=post, workspace_id=post.workspace_id, name=name)
                                 for name in names if name not in have])


@transaction.atomic
def post_create(*, actor, blog, title, text="", summary="", tags=(), image=None, image_alt="",
                view_access="anyone", change_access="managers", view_teams=(), change_teams=(), comments_open=True):
    """A new draft post in `blog` (publish it with post_publish)."""
    post = Post(workspace=blog.workspace, blog=blog, created_by=actor, updated_by=actor, title=one_line(title),
                text=text, summary=one_line(summary), image_alt=one_line(image_alt), view_access=view_access,
                change_access=change_access, comments_open=comments_open)
    if image is not None:
        post.image = image
    post.save()
    set_tags(post, tags)
    item_added(post, actor=actor, verb="blogs.post_created", summary="started a draft post", text="",
               view_teams=view_teams, change_teams=change_teams)
    return post


@transaction.atomic
def post_publish(*, actor, post, at=None, now=None):
    """Publish now (`at` None), or schedule it for `at` (a moment in the past is refused: a
    mistake, not "now")."""
    now = now or timezone.now()
    current = locked_row(post, "workspace", "blog")
    if at is not None and at <= now:
        raise ValidationError({"publish_at": "Choose a time in the future, or publish now."})
    current.state, current.published_at, current.published_by = PostState.PUBLISHED, at or now, actor
    current.save(update_fields=["state", "published_at", "published_by"])
    if at is None:
        went_public(current, actor=actor)
    else:
        record(workspace=current.workspace, actor=actor, verb="blogs.post_scheduled", target=current,
               summary="scheduled the post")
    return current


@transaction.atomic
def post_unpublish(*, actor, post):
    """Back to unpublished: gone from pages, lists and feeds (feed readers may have kept it)."""
    current = locked_row(post, "workspace", "blog")
    if current.state != PostState.PUBLISHED:
        return current
    current.state = PostState.UNPUBLISHED
    current.save(update_fields=["state"])
    record(workspace=current.workspace, actor=actor, verb="blogs.post_unpublished", target=current,
           summary="unpublished the post")
    return current


def went_public(post, *, actor):
    """A post has gone public: tell of it, once (told_at), and send its announcement."""
    if post.told_at is not None:
        return
    post.told_at = timezone.now()
    post.save(update_fields=["told_at"])
    record(workspace=post.workspace, actor=actor, verb="blogs.post_published", target=post,
           summary="published the post")


def publish_due(now=None):
    """The beat task's work: every scheduled post whose moment has come is told of, once.
    Returns how many."""
    now = now or timezone.now()
    done = 0
    while True:
        with transaction.atomic():
            due = list(Post.objects.select_for_update(skip_locked=True, of=("self",))
                       .select_related("workspace", "blog", "published_by")
                       .filter(state=PostState.PUBLISHED, told_at__isnull=True, published_at__lte=now,
                               is_deleted=False)
                       .order_by("published_at", "id")[:DUE_BATCH])
            for post in due:
                went_public(post, actor=post.published_by)
        done += len(due)
        if len(due) < DUE_BATCH:
            return done
