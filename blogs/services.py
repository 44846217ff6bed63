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

from workspaces.kit import announce as announcing
from workspaces.kit.services import (
    ChangedMeanwhile,
    ItemGone,
    check_length,
    check_loaded_state,
    item_added,
    locked_row,
    normalise_text,
    record,
    restore,
    set_item_teams,
    soft_delete,
)
from workspaces.lib.forms import one_line
from workspaces.lib.tags import parse_tags

from .models import MAX_BLOGS, MAX_TEXT_LENGTH, Blog, Post, PostState, PostTag

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
def post_publish(*, actor, post, at=None, now=None, announce=None, announce_teams=()):
    """Publish now (`at` None), or schedule it for `at` (a moment in the past is refused: a
    mistake, not "now"). A post published before (then unpublished) and published again now
    keeps its place (its published_at). `announce` (Post.Announce; None keeps what the post
    says) and `announce_teams`: whom its going public emails, once."""
    now = now or timezone.now()
    current = locked_row(post, "workspace", "blog")
    if current.is_deleted:
        raise ItemGone(current)
    if at is not None and at <= now:
        raise ValidationError({"publish_at": "Choose a time in the future, or publish now."})
    if announce is not None:
        if announce == Post.Announce.TEAMS and not announce_teams:
            raise ValidationError({"announce_teams": "Choose at least one team to email, or choose whom to email "
                                                     "another way."})
        if current.announced_at is None:
            current.announce = announce
            current.announce_teams.set(announce_teams if announce == Post.Announce.TEAMS else [])
    again = (at is None and current.state == PostState.UNPUBLISHED and current.told_at is not None
             and current.published_at is not None and current.published_at <= now)
    current.state, current.published_by = PostState.PUBLISHED, actor
    if not again:
        current.published_at = at or now
    current.save(update_fields=["state", "published_at", "published_by", "announce", "updated_at"])
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
    """A post has gone public: tell of it, once (told_at), and send its announcement, once
    (announced_at): to every member who may see it, or to the chosen teams' members who may."""
    if post.told_at is not None:
        return
    post.told_at = timezone.now()
    fields = ["told_at"]
    if post.announce != Post.Announce.NOBODY and post.announced_at is None:
        teams = list(post.announce_teams.all()) if post.announce == Post.Announce.TEAMS else []
        if post.announce == Post.Announce.MEMBERS or teams:
            announcing.announce(actor=actor, workspace=post.workspace, subject=post.title,
                                message=announcement_text(post), url=post.get_absolute_url(), teams=teams,
                                about=post)
        post.announced_at = post.told_at
        fields.append("announced_at")
    post.save(update_fields=fields)
    record(workspace=post.workspace, actor=actor, verb="blogs.post_published", target=post,
           summary="published the post")


def announcement_text(post):
    """The email's words: the summary, else the start of the text (plain: the email escapes it)."""
    if post.summary:
        return post.summary
    text = " ".join(post.text.split())
    return text if len(text) <= 400 else text[:399].rsplit(" ", 1)[0] + "…"


def announce_reach(post, teams=()):
    """How many people going public would email (kit.announce.reach), counted as if the post
    were public now: who may see a draft (its author, managers) is not who will read it. Asked
    inside a savepoint that is rolled back, so nothing changes."""
    try:
        with transaction.atomic():
            Post.objects.filter(pk=post.pk).update(state=PostState.PUBLISHED, published_at=timezone.now())
            count = announcing.reach(post.workspace, teams=teams, about=post)
            raise _RolledBack(count)
    except _RolledBack as rolled:
        return rolled.count


class _RolledBack(Exception):
    def __init__(self, count):
        super().__init__(count)
        self.count = count


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


# --- The writing part: blogs' settings, posts' text, scheduling, deleting ---------------------------

BLOG_FIELDS = ("title", "description", "writers", "comments", "view_access", "change_access")
POST_STATE_FIELDS = ("state", "published_at")


@transaction.atomic
def blog_update(*, actor, blog, title, description="", writers=Blog.Writers.MANAGERS, comments=True,
                view_access=None, change_access=None, view_teams=(), change_teams=(), loaded_state=""):
    """Save a blog's settings (its address stays: links to it keep working). ChangedMeanwhile if
    someone saved them since the form was loaded (`loaded_state`)."""
    current = locked_row(blog, "workspace")
    if current.is_deleted:
        raise ItemGone(current)
    check_loaded_state(current, BLOG_FIELDS, loaded_state)
    current.title, current.description = one_line(title), one_line(description)
    current.writers, current.comments = writers, comments
    fields = ["title", "description", "writers", "comments", "version", "updated_by", "updated_at"]
    if view_access is not None:
        current.view_access, current.change_access = view_access, change_access
        fields += ["view_access", "change_access"]
    current.version, current.updated_by = current.version + 1, actor
    current.save(update_fields=fields)
    if view_access is not None:
        set_item_teams(current, view_teams=view_teams, change_teams=change_teams)
    record(workspace=current.workspace, actor=actor, verb="blogs.blog_updated", target=current,
           summary="changed the blog's settings")
    return current


@transaction.atomic
def blog_delete(*, actor, blog):
    """Deleted softly (managers restore it): its posts go from pages and feeds with it."""
    current = locked_row(blog, "workspace")
    if current.is_deleted:
        return current
    return soft_delete(current, actor=actor, verb="blogs.blog_deleted", summary="deleted the blog",
                       audit_action="blogs.blog_deleted")


@transaction.atomic
def blog_restore(*, actor, blog):
    current = locked_row(blog, "workspace")
    if not current.is_deleted:
        return current
    if Blog.objects.filter(workspace=current.workspace, is_deleted=False).count() >= MAX_BLOGS:
        raise ValidationError(f"A workspace has at most {MAX_BLOGS} blogs: delete one before restoring this one.")
    return restore(current, actor=actor, verb="blogs.blog_restored", summary="restored the blog",
                   audit_action="blogs.blog_restored")


def check_text(text):
    """A post's text as it would be saved: ValidationError on "text" when too long (the editor's
    preview asks the same)."""
    check_length(normalise_text(text), MAX_TEXT_LENGTH, what="The post's text")


@transaction.atomic
def post_update(*, actor, post, title, text="", summary="", tags=(), image=None, remove_image=False,
                image_alt=None, comments_open=True, view_access=None, change_access=None, view_teams=(),
                change_teams=(), expected_version=None):
    """Save a post's text and details (a published post too: its feed entry's updated time
    moves, its page says "updated"). ChangedMeanwhile if someone saved it since the editor
    loaded `expected_version`; ItemGone if it was deleted meanwhile. Nothing half-saved: the
    tags are checked before anything is written."""
    current = locked_row(post, "workspace", "blog")
    if current.is_deleted:
        raise ItemGone(current)
    if expected_version is not None and expected_version != current.version:
        raise ChangedMeanwhile(current, str(current.version))
    text = normalise_text(text)
    check_text(text)
    names = parse_tags(tags)
    current.title, current.summary, current.text = one_line(title), one_line(summary), text
    current.comments_open = comments_open
    if image is not None:
        current.image = image
    elif remove_image:
        current.image = ""
    if image_alt is not None:
        current.image_alt = one_line(image_alt) if current.image else ""
    if current.image and not current.image_alt:
        raise ValidationError({"image_alt": "Describe the image for people who cannot see it."})
    if view_access is not None:
        current.view_access, current.change_access = view_access, change_access
    current.version, current.updated_by = current.version + 1, actor
    current.save()
    set_tags(current, names)
    if view_access is not None:
        set_item_teams(current, view_teams=view_teams, change_teams=change_teams)
    record(workspace=current.workspace, actor=actor, verb="blogs.post_updated", target=current,
           summary="edited the post")
    return current


@transaction.atomic
def post_to_draft(*, actor, post, now=None):
    """A scheduled post taken back to a draft (not yet gone public: nobody has been told)."""
    current = locked_row(post, "workspace", "blog")
    if not current.is_scheduled(now):
        raise ValidationError("Only a scheduled post can be taken back to a draft.")
    current.state, current.published_at, current.published_by = PostState.DRAFT, None, None
    current.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    record(workspace=current.workspace, actor=actor, verb="blogs.post_updated", target=current,
           summary="took the post back to a draft (no longer scheduled)")
    return current


@transaction.atomic
def post_delete(*, actor, post):
    current = locked_row(post, "workspace", "blog")
    if current.is_deleted:
        return current
    return soft_delete(current, actor=actor, verb="blogs.post_deleted", summary="deleted the post",
                       audit_action="blogs.post_deleted")


@transaction.atomic
def post_restore(*, actor, post):
    current = locked_row(post, "workspace", "blog")
    if not current.is_deleted:
        return current
    return restore(current, actor=actor, verb="blogs.post_restored", summary="restored the post",
                   audit_action="blogs.post_restored")
