"""The daily "N items waiting" email to each moderator of each workspace where anything waits
(written by tasks.send_waiting, sent through the core's outbox)."""

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse

from workspaces import mail
from workspaces.models import Workspace

from .models import QueueEntry

WAITING = "moderation_waiting"


def _load(rows, batch):
    ids = {row.ref_id for row in rows}
    workspaces = Workspace.objects.in_bulk(ids)
    open_now = dict(QueueEntry.objects.filter(workspace_id__in=ids, closed_at__isnull=True)
                    .values_list("workspace_id").annotate(n=Count("pk")).values_list("workspace_id", "n"))
    return workspaces, open_now


def _message(row, batch):
    workspaces, open_now = batch.loaded(row)
    workspace = workspaces.get(row.ref_id)
    if workspace is None or not open_now.get(workspace.pk):
        return None, ()  # dealt with since it was written: nothing to tell
    count = min(row.payload.get("count", 0), open_now[workspace.pk]) or open_now[workspace.pk]
    context = {"workspace": workspace, "count": count,
               "url": settings.SITE_URL + reverse("moderation:queue", args=[workspace.slug])}
    return mail.compose(
        row, to=batch.users[row.recipient_id].email, subject=row.subject,
        text=render_to_string("moderation/email/waiting.txt", context),
        html=render_to_string("moderation/email/waiting.html", context),
    ), ()


MAIL_KINDS = (mail.MailKind(name=WAITING, label="Moderation: items waiting", build=_message, preload=_load),)
