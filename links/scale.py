"""The links' part of the reference data (`manage.py seed_scale`, workspaces.scale)."""

from django.urls import reverse

from workspaces.kit.models import Access
from workspaces.lib.markdown import render_markdown

from .models import Link, LinkTag

TAGS = ["guidance", "legislation", "consultation", "evaluation", "data", "standards", "news", "research"]
NOTE = "Why this matters to the programme: **{topic}**, see section {n}.\n\n- read before the next meeting"


def seed_scale(ctx):
    size, rng = ctx.size, ctx.rng
    places = [(ctx.workspace, size.links)] + [(ws, 5) for ws in ctx.small_workspaces]
    for workspace, count in places:
        links, teams = [], []
        for n in range(count):
            view, change, team = ctx.access() if workspace == ctx.workspace else (Access.ANYONE, Access.MEMBERS, None)
            author = ctx.author()
            note = NOTE.format(topic=rng.choice(TAGS), n=n)
            links.append(Link(workspace=workspace, url=f"https://www.example.gov.uk/publications/{workspace.pk}-{n}",
                              title=f"Publication {n}: {rng.choice(TAGS)} for the programme", note=note,
                              note_html=render_markdown(note), created_by_id=author, updated_by_id=author,
                              view_access=view, change_access=change))
            teams.append(team)
        links = Link.objects.bulk_create(links, batch_size=1000)
        for link in links:
            link.created_at = link.updated_at = ctx.some_time()
        Link.objects.bulk_update(links, ["created_at", "updated_at"], batch_size=500)
        LinkTag.objects.bulk_create([LinkTag(link=link, name=name) for link in links
                                     for name in rng.sample(TAGS, 2)], batch_size=2000)
        ctx.grant_teams(Link, [(link.pk, team) for link, team in zip(links, teams, strict=True) if team])
        for link in links:
            ctx.add_activity("links.link_created", link, count=1)
            ctx.add_activity("links.link_updated", link, count=2)


def bench_pages(workspace):
    ws = workspace.slug
    newest = Link.objects.filter(workspace=workspace, view_access=Access.ANYONE).order_by("-created_at").first()
    pages = [("links", reverse("links:index", args=[ws])),
             ("links, tag filter", reverse("links:index", args=[ws]) + "?tag=guidance")]
    if newest is not None:
        pages.append(("link page", reverse("links:detail", args=[ws, newest.pk])))
    return pages
