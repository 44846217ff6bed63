"""Announcements: a manager emails the workspace's members (or chosen teams) about an item.

The Announcement row is written in the publishing transaction; expand() then writes one
outbox row per person in chunks (key announcement:<id>:<user>), resumable and idempotent."""

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from workspaces import mail
from workspaces.audit import audit
from workspaces.models import Membership, OutboundEmail

from . import preferences
from .models import Announcement, EmailKind, Frequency, Preference, UserSettings

CHUNK = 1000


def audience(workspace, teams=()):
    """Memberships an announcement to `teams` (or, with none, to everyone) goes to."""
    members = Membership.objects.filter(workspace=workspace)
    if teams:
        members = members.filter(user__groups__team__in=list(teams)).distinct()
    return members


def reach(workspace, teams=()):
    """How many people it would email: the audience less those who turned such email off
    (no email at all; off for this workspace; off by default with nothing else here). One query."""
    off_here = Preference.objects.filter(workspace=workspace, frequency=Frequency.OFF).values("user_id")
    set_here = Preference.objects.filter(workspace=workspace).exclude(frequency=Frequency.OFF).values("user_id")
    off_default = Preference.objects.filter(workspace__isnull=True, frequency=Frequency.OFF).values("user_id")
    muted = UserSettings.objects.filter(no_email=True).values("user_id")
    return (
        audience(workspace, teams)
        .exclude(user_id__in=muted).exclude(user_id__in=off_here)
        .exclude(Q(user_id__in=off_default) & ~Q(user_id__in=set_here))
        .count()
    )


@transaction.atomic
def announce(*, actor, workspace, subject, message, url="", teams=()):
    """Email the audience now (after commit). Audited: it mails many people at once."""
    announcement = Announcement.objects.create(
        workspace=workspace, created_by=actor, subject=subject, message=message, url=url,
        recipient_count=reach(workspace, teams),
    )
    if teams:
        announcement.teams.set(teams)
    audit(actor=actor, action="notifications.announcement_sent", workspace=workspace, target=announcement,
          target_label=subject, after={"recipients": announcement.recipient_count,
                                       "teams": [t.name for t in teams]})
    transaction.on_commit(lambda: mail.enqueue(fan_out_announcement, announcement.pk))
    return announcement


def expand(announcement_id, chunk=CHUNK):
    announcement = Announcement.objects.select_related("workspace", "created_by").get(pk=announcement_id)
    if announcement.fanned_out_at:
        return 0
    workspace = announcement.workspace
    teams = list(announcement.teams.all())
    user_ids = audience(workspace, teams).order_by("user_id").values_list("user_id", flat=True)
    payload = {
        "workspace_id": workspace.pk, "workspace_name": workspace.name, "subject": announcement.subject,
        "message": announcement.message, "url": announcement.url,
        "author": announcement.created_by.name if announcement.created_by else "A manager",
    }
    after, written = 0, 0
    while True:
        batch = list(user_ids.filter(user_id__gt=after)[:chunk])
        if not batch:
            break
        with transaction.atomic():
            wanted = preferences.frequencies(batch, workspace.pk)
            keys = [f"announcement:{announcement.pk}:{u}" for u in batch if wanted[u] != Frequency.OFF]
            mail.queue(
                OutboundEmail(idempotency_key=key, recipient_id=int(key.rpartition(":")[2]),
                              kind=EmailKind.ANNOUNCEMENT, subject=f"{announcement.subject} – {workspace.name}"[:200],
                              payload=payload) for key in keys
            )
        after, written = batch[-1], written + len(keys)
    Announcement.objects.filter(pk=announcement_id).update(fanned_out_at=timezone.now())
    return written


@shared_task(name="notifications.tasks.fan_out_announcement", acks_late=True)
def fan_out_announcement(announcement_id):
    return expand(announcement_id)
