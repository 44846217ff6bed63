"""The workspace home's blocks: the consultations open for a response ("Waiting for you"), and
the newest ones (with "Response overdue" for staff). The lifecycle part owns this module."""

from . import selectors
from .models import Status


def _url(workspace, consultation):
    from django.urls import reverse

    return reverse("consultations:consultation", kwargs={"workspace": workspace.slug, "pk": consultation.pk})


def waiting_for(user, workspace, limit):
    return []


def latest(user, workspace, limit):
    from workspaces.registry import HomeEntry

    found = (selectors.consultations(user, workspace).exclude(status=Status.DRAFT)
             .order_by("-created_at", "-id")[:limit])
    return [HomeEntry(title=c.title, url=_url(workspace, c), note=c.stage_label(), when=c.created_at) for c in found]
