"""The wiki's block on the workspace home (Tool(latest=...)): the pages this person may see that
changed last (deleted ones left out), in one query."""

from django.urls import reverse

from workspaces.registry import HomeEntry

from .selectors import live_pages


def latest(user, workspace, limit):
    pages = (live_pages(user, workspace).select_related("updated_by").defer("text", "html", "toc")
             .order_by("-updated_at", "-id")[:limit])
    return [
        HomeEntry(
            title=page.title,
            url=reverse("wikis:page", kwargs={"workspace": workspace.slug, "slug": page.slug}),
            note=f"changed by {page.updated_by.name}" if page.updated_by else "",
            when=page.updated_at,
        )
        for page in pages
    ]
