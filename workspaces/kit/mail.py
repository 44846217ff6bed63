"""Mail a tool sends itself, to one person at a time (a survey's invitation, a resume link):
through the core's one mail path (workspaces.mail), never django.core.mail.

    # apps.py ready(): the kind, once
    register_kind(MailKind(name="surveys.resume", label="Survey resume link", build=build_resume_mail))

    # in the transaction of the change the mail reports: one row per recipient, a unique key
    queue([OutboundEmail(idempotency_key=f"surveys.resume:{response.pk}:{n}", kind="surveys.resume",
                         recipient_id=user.pk, subject="...", payload={...})])

    # build(row, batch) -> (message or None, covered ids), the message made with compose()
    def build_resume_mail(row, batch):
        user = batch.users[row.recipient_id]
        return compose(row, to=user.email, subject=row.subject, text=...), []

Outbox rows for a person without an account name `address` instead of recipient_id. Read
workspaces/mail/__init__.py for the whole path (retries, the sweep, failed mail for admins).
"""

from ..mail import Batch, MailKind, compose, queue, register_kind
from ..models import OutboundEmail

__all__ = ["Batch", "MailKind", "OutboundEmail", "compose", "queue", "register_kind"]
