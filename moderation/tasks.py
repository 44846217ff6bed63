"""The moderators' daily reminder (Celery beat: moderation.tasks.send_waiting)."""

from celery import shared_task
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from workspaces import mail
from workspaces.models import OutboundEmail, Workspace
from workspaces.permissions import access_for

from .emails import WAITING
from .models import QueueEntry
from .selectors import waiting_count
from .services import moderators


@shared_task(name="moderation.tasks.send_waiting", acks_late=True)
def send_waiting():
    """Daily: "N items waiting" to each moderator of each workspace where anything waits, once
    a day (the key names the person, the workspace and the day); nothing where nothing waits.
    A moderators team member is told of the items they may see."""
    today = timezone.localdate()
    waiting = dict(QueueEntry.objects.filter(closed_at__isnull=True, workspace__is_archived=False)
                   .values_list("workspace_id").annotate(n=Count("pk")).values_list("workspace_id", "n"))
    ids = []
    for workspace in Workspace.objects.filter(pk__in=list(waiting)).select_related("organisation"):
        ids += _write(workspace, waiting[workspace.pk], today)
    return mail.queue_in_chunks(ids)


def _write(workspace, count, today):
    from django.contrib.auth import get_user_model

    rows = []
    for user in get_user_model().objects.filter(pk__in=moderators(workspace), is_active=True):
        access = access_for(user, workspace)
        mine = count if access.is_manager else waiting_count(access)
        if mine:
            rows.append(OutboundEmail(
                idempotency_key=f"{WAITING}:{workspace.pk}:{user.pk}:{today.isoformat()}", kind=WAITING,
                recipient=user, ref_id=workspace.pk, period=today, payload={"count": mine},
                subject=f"{mine} item{'s' if mine != 1 else ''} waiting for a moderator – {workspace.name}"[:200]))
    with transaction.atomic():
        return mail.write(rows)
