"""The wiki's part of the reference data (`manage.py seed_scale`, workspaces.scale): a tree of
pages up to four levels deep, their revisions (one page with `big_page_revisions` of them)."""

from django.urls import reverse
from django.utils.text import slugify

from workspaces.kit.models import Access, title_key

from .markup import render
from .models import Page, Revision

TOPICS = ["Terms of reference", "Meeting notes", "Evidence review", "Stakeholder map", "Glossary",
          "Timeline", "Decisions", "Risks and issues", "Communications plan", "Research findings"]
BODY = ("# {title}\n\nThis page gathers what the task force agreed about **{topic}**.\n\n"
        "## Background\n\nThe programme began in spring; see [[Terms of reference]].\n\n"
        "## What we agreed\n\n- publish the draft for comment\n- meet stakeholders monthly\n- report to the board\n\n"
        "## Next steps\n\nThe secretariat circulates the summary within a week.\n")
DEPTH = 4


def seed_scale(ctx):
    size = ctx.size
    _seed_pages(ctx, ctx.workspace, size.wiki_pages, size.wiki_revisions, size.big_page_revisions)
    for workspace in ctx.small_workspaces:
        _seed_pages(ctx, workspace, 5, 10, 2)


def _seed_pages(ctx, workspace, count, revisions, big):
    rng = ctx.rng
    top = max(1, count // 25)
    pages, parents, depth = [], [], []
    for n in range(count):
        # A parent among the recent pages that are not yet at the deepest level (none: a new top page).
        candidates = [] if n < top else [i for i in range(max(0, n - 200), n) if depth[i] < DEPTH]
        parent = rng.choice(candidates) if candidates else None
        title = f"{TOPICS[n % len(TOPICS)]} {n}"
        view, change, team = ctx.access() if workspace == ctx.workspace and parent is None else (
            Access.ANYONE, Access.MEMBERS, None)
        pages.append((title, view, change, team))
        parents.append(parent)
        depth.append(1 if parent is None else depth[parent] + 1)
    # Revisions: `big` on the first page, the rest spread evenly (at least one each).
    per_page = [big] + [max(1, (revisions - big) // max(1, count - 1))] * (count - 1)
    rendered = {}
    objects = []
    for n, (title, view, change, _team) in enumerate(pages):
        text = BODY.format(title=title, topic=TOPICS[n % len(TOPICS)]) + _change(per_page[n])
        html, toc = render(text)
        author = ctx.author()
        objects.append(Page(workspace=workspace, title=title, title_key=title_key(title), slug=slugify(title),
                            text=text, html=html, toc=toc, version=per_page[n], created_by_id=author,
                            updated_by_id=author, view_access=view, change_access=change))
        rendered[n] = (title, text, html, toc)
    # Parents are earlier pages, so one bulk insert gives every page its id; then parent and path.
    objects = Page.objects.bulk_create(objects, batch_size=1000)
    for n, page in enumerate(objects):
        parent = objects[parents[n]] if parents[n] is not None else None
        page.parent_id = parent.pk if parent else None
        page.path = f"{parent.path if parent else '/'}{page.pk}/"
        page.created_at = ctx.some_time()
        page.updated_at = ctx.some_time(days=30)
    Page.objects.bulk_update(objects, ["parent", "path", "created_at", "updated_at"], batch_size=500)
    ctx.grant_teams(Page, [(objects[n].pk, team) for n, (*_, team) in enumerate(pages) if team])

    def revision_rows():
        base_html = {}
        for n, page in enumerate(objects):
            title, _, _, toc = rendered[n]
            base = BODY.format(title=title, topic=TOPICS[n % len(TOPICS)])
            if n not in base_html:
                base_html[n] = render(base)[0]
            for number in range(1, per_page[n] + 1):
                # The base rendered once; each revision adds a paragraph (rendered the same way).
                text = base + _change(number)
                html = base_html[n] + render(_change(number))[0]
                when = page.created_at + (page.updated_at - page.created_at) * (number / per_page[n])
                yield (page.pk, workspace.pk, number, when, text, html, title, ctx.author(),
                       f"Edit {number}" if number > 1 else "", toc)

    ctx.insert_rows(Revision, ["page_id", "workspace_id", "number", "created_at", "text", "html", "title",
                               "author_id", "summary", "toc"], revision_rows())
    for page, count in zip(objects, per_page, strict=True):
        ctx.add_activity("wikis.page_created", page, count=1)
        ctx.add_activity("wikis.page_updated", page, count=min(count, 50))


def _change(number):
    return f"\nRevised for the meeting of week {number}.\n" if number > 1 else ""


def bench_pages(workspace):
    ws = workspace.slug
    big = Page.objects.filter(workspace=workspace, parent=None, view_access=Access.ANYONE).order_by("-version").first()
    pages = [("wiki index", reverse("wikis:index", args=[ws])),
             ("wiki recent changes", reverse("wikis:changes", args=[ws]))]
    if big is not None:
        pages += [("wiki page", reverse("wikis:page", args=[ws, big.slug])),
                  ("wiki history (500 revisions)", reverse("wikis:history", args=[ws, big.slug])),
                  ("wiki diff", reverse("wikis:diff", args=[ws, big.slug]))]
    return pages
