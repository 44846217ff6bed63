"""The links tool's block on the workspace home (Tool(latest=...)): the newest links this person
may see, in one query."""

from django.urls import reverse

from workspaces import permissions
from workspaces.registry import HomeEntry

from .models import Link


def latest(user, workspace, limit):
    links = (permissions.visible(user, Link.objects.all(), within=workspace)
             .select_related("created_by").defer("note", "note_html").order_by("-created_at", "-id")[:limit])
    return [
        HomeEntry(
            title=link.title,
            url=reverse("links:detail", kwargs={"workspace": workspace.slug, "pk": link.pk}),
            note=" · ".join(part for part in (link.domain, _by(link)) if part),
            when=link.created_at,
        )
        for link in links
    ]


def _by(link):
    return f"added by {link.created_by.name}" if link.created_by else ""
