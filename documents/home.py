"""The library's part of the workspace home (Tool(latest=..., waiting_for=...)): the documents
that changed last, and what waits for this person (reviews asked of them; documents open to
their comments that close within a week). Each in a fixed number of queries."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from workspaces import permissions
from workspaces.kit.lifecycles import site_time
from workspaces.registry import HomeEntry

from . import selectors
from .models import ReviewStatus

CLOSING_SOON = timedelta(days=7)
_LIST_DEFER = ("text", "html", "description", "description_html")


def _url(workspace, document):
    return reverse("documents:detail", kwargs={"workspace": workspace.slug, "pk": document.pk})


def latest(user, workspace, limit):
    documents = (selectors.live_documents(user, workspace).defer(*_LIST_DEFER).select_related("updated_by")
                 .order_by("-updated_at", "-id")[:limit])
    entries = []
    for document in documents:
        state = document.get_review_status_display() if document.review_status != ReviewStatus.NONE else ""
        by = f"changed by {document.updated_by.name}" if document.updated_by else ""
        entries.append(HomeEntry(title=document.title, url=_url(workspace, document),
                                 note=" · ".join(part for part in (state, by) if part), when=document.updated_at))
    return entries


def waiting_for(user, workspace, limit):
    """Reviews due from this person, soonest first; then documents whose comments close soon,
    for those who may comment (contributors; the window and the item's own rules decide)."""
    rows, _ = selectors.waiting_for(user, workspace)
    entries = [
        HomeEntry(title=row.review.document.title, url=_url(workspace, row.review.document),
                  note=f"Your review is due on {format_date(row.review.due_on, 'j F Y')}")
        for row in rows[:limit]
    ]
    if len(entries) < limit and permissions.access_for(user, workspace).has("contribute"):
        now = timezone.now()
        closing = (selectors.live_documents(user, workspace)
                   .filter(comments_close_at__gt=now, comments_close_at__lte=now + CLOSING_SOON)
                   .exclude(comments_open_at__gt=now).defer(*_LIST_DEFER)
                   .order_by("comments_close_at", "id")[: limit - len(entries)])
        entries += [HomeEntry(title=document.title, url=_url(workspace, document),
                              note=f"Comments close on {site_time(document.comments_close_at)}")
                    for document in closing]
    return entries
