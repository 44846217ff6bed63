"""Sending the core's scheduled reminders (workspaces.reminders): each one is claimed by a
conditional UPDATE, then written to the outbox per person (key reminder:<id>:<user>), so a
second run, a duplicate task or a retried chunk sends nothing twice.

A personalised reminder (Reminder.personalise) asks the tool, chunk by chunk, what to tell each
person; its rows are keyed reminder:<id>:<text>:<user>, <text> a digest of what they say, since
the mail builder renders a body once per key prefix (one text, many people)."""

import hashlib
import json

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from workspaces import mail
from workspaces.models import Membership, OutboundEmail, Reminder, Role
from workspaces.permissions import members_who_may_see

from . import preferences
from .models import EmailKind, Follow, Frequency

CHUNK = 1000


def send_due(now=None):
    now = now or timezone.now()
    done = 0
    for reminder_id in Reminder.objects.filter(due_at__lte=now, sent_at__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            if not Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(sent_at=now):
                continue  # another run has it
            _write_outbox(Reminder.objects.select_related("workspace").get(pk=reminder_id))
            done += 1
    return done


def _recipients(reminder):
    members = Membership.objects.filter(workspace=reminder.workspace)
    if reminder.audience == Reminder.Audience.MANAGERS:
        members = members.filter(role__gte=Role.MANAGER)
    elif reminder.audience == Reminder.Audience.RECIPIENTS:
        members = members.filter(user_id__in=reminder.recipients or [])
    elif reminder.audience == Reminder.Audience.FOLLOWERS:
        followers = Follow.objects.filter(target_type=reminder.target_type_id, target_id=reminder.target_id)
        members = members.filter(user_id__in=followers.values("user_id"))
    user_ids = list(members.values_list("user_id", flat=True))
    target = None
    if reminder.target_type_id and reminder.target_id:
        model = reminder.target_type.model_class()
        target = model._default_manager.filter(pk=reminder.target_id).first() if model else None
        if target is None:
            return []  # the item has gone: nothing to remind anyone of
    # Only members who count now and may see the item: the permission layer, CHUNK people at a time.
    reached = set()
    for start in range(0, len(user_ids), CHUNK):
        reached |= members_who_may_see(user_ids[start:start + CHUNK], reminder.workspace, target)
    return [u for u in user_ids if u in reached]


def _write_outbox(reminder):
    user_ids = _recipients(reminder)
    ws = reminder.workspace
    payload = {"workspace_id": ws.pk, "workspace_name": ws.name, "subject": reminder.subject,
               "message": reminder.message, "url": reminder.url or ws.get_absolute_url()}
    personalise = import_string(reminder.personalise) if reminder.personalise else None
    for start in range(0, len(user_ids), CHUNK):
        batch = user_ids[start:start + CHUNK]
        wanted = preferences.frequencies(batch, ws.pk)
        batch = [u for u in batch if wanted[u] != Frequency.OFF]
        if personalise is None:
            rows = ((f"reminder:{reminder.pk}:{u}", u, payload) for u in batch)
        else:
            rows = _personalised(reminder, personalise(reminder, batch) if batch else {}, payload, set(batch))
        mail.queue(
            OutboundEmail(idempotency_key=key, recipient_id=user_id, kind=EmailKind.REMINDER,
                          subject=f"{row['subject']} – {ws.name}"[:200], payload=row) for key, user_id, row in rows
        )


def _personalised(reminder, texts, base, asked):
    """(key, user id, payload) for each person the tool's personalise() kept (only those it was
    asked about: never anyone the audience and the permission layer did not let through)."""
    for user_id, text in texts.items():
        if not text or user_id not in asked:
            continue
        row = {**base, **{name: text[name] for name in ("subject", "message", "url") if text.get(name)}}
        digest = hashlib.blake2b(json.dumps([row["subject"], row["message"], row["url"]]).encode(),
                                 digest_size=6).hexdigest()
        yield f"reminder:{reminder.pk}:{digest}:{user_id}", user_id, row
