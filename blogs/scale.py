"""The blogs' share of the reference data (manage.py seed_scale, workspaces.scale): one blog in
the flagship with `blog_posts` public posts (SCALE.md has no row yet: 5,000 at size L, scaled
with the links elsewhere), spread over three years, each with two of 20 tags. Rows go in by
COPY on PostgreSQL (ctx.insert_rows)."""

from datetime import timedelta

from django.urls import reverse

from workspaces.kit.models import Access

from . import services
from .models import Blog, Post, PostState, PostTag

TITLE = "Programme news"
TAGS = [f"topic {n}" for n in range(1, 21)]
POST_FIELDS = ["workspace_id", "blog_id", "created_by_id", "updated_by_id", "published_by_id", "created_at",
               "updated_at", "view_access", "change_access", "title", "summary", "text", "html", "state",
               "published_at", "told_at", "status", "version", "is_deleted", "comments_open", "announce"]
WORDS = ("river", "testing", "weekly", "signs", "results", "council", "swimmers", "summer", "pollution", "water")


def post_count(size):
    return getattr(size, "blog_posts", size.links * 5 // 2)  # S 100, M 1,000, L 5,000


def seed_scale(ctx):
    total = post_count(ctx.size)
    if total:
        seed_blog(ctx, total)


def seed_blog(ctx, total):
    rng, workspace = ctx.rng, ctx.workspace
    author_id = ctx.staff_ids[0]
    author = Blog._meta.get_field("created_by").related_model.objects.get(pk=author_id)
    blog = services.blog_create(actor=author, workspace=workspace, title=TITLE,
                                description="Three years of news from the programme.", view_access=Access.MEMBERS)
    start = ctx.now - timedelta(days=3 * 365)
    step = (ctx.now - timedelta(hours=1) - start) / total

    def post_rows():
        for n in range(total):
            at = start + step * n
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(20, 80)))
            writer = ctx.author()
            yield (workspace.pk, blog.pk, writer, writer, writer, at, at,
                   Access.ANYONE if n % 10 else Access.MEMBERS, Access.MANAGERS, f"News {n + 1}: {rng.choice(WORDS)}",
                   f"Summary of news {n + 1}.", words, f"<p>{words}</p>", PostState.PUBLISHED, at, at, "published",
                   1, False, True, "nobody")

    ctx.insert_rows(Post, POST_FIELDS, post_rows())
    ids = list(Post.objects.filter(blog=blog).order_by("id").values_list("id", flat=True))
    ctx.insert_rows(PostTag, ["post_id", "workspace_id", "name"],
                    ((pk, workspace.pk, name) for n, pk in enumerate(ids)
                     for name in sorted({TAGS[n % len(TAGS)], TAGS[(n * 7 + 3) % len(TAGS)]})))
    return blog


def bench_pages(workspace):
    """The blogs' index and the big blog's page, for bench/load.py."""
    blog = Blog.objects.filter(workspace=workspace, title=TITLE, is_deleted=False).order_by("pk").first()
    pages = [("blogs index", reverse("blogs:index", kwargs={"workspace": workspace.slug}))]
    if blog is not None:
        pages.append(("blog page", reverse("blogs:blog", kwargs={"workspace": workspace.slug, "blog": blog.slug})))
    return pages
