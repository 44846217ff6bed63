"""The core's Celery tasks: invitation emails and the lifecycles' run here, licence reminders in
workspaces.licences.tasks (imported here so that Celery's autodiscovery, which reads this
module, registers them)."""

from celery import shared_task
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .kit import lifecycles
from .licences.tasks import send_licence_expiry_reminders, send_licence_reminders, send_pool_expiry_reminder
from .models import Invitation

__all__ = ["advance_lifecycles", "send_invitation_emails", "send_licence_expiry_reminders", "send_licence_reminders",
           "send_pool_expiry_reminder"]

MARK_BATCH = 100


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_emails(invitation_ids):
    """Send the invitation emails for these ids over one SMTP connection. Idempotent: an
    invitation already sent (or no longer pending) is skipped. Sent rows are marked in
    batches (one UPDATE per MARK_BATCH mails, not one per mail); if the worker dies between a
    send and its batch's mark, those few are sent again on retry, which is harmless: the link
    in both mails is the same and works once."""
    invitations = (
        Invitation.objects.filter(pk__in=invitation_ids, sent_at__isnull=True, accepted_at__isnull=True,
                                  revoked_at__isnull=True)
        .select_related("workspace", "invited_by")
    )
    sent = []

    def mark():
        if sent:
            Invitation.objects.filter(pk__in=sent).update(sent_at=timezone.now())
            sent.clear()

    try:
        with mail.get_connection() as connection:
            for invitation in invitations:
                url = settings.SITE_URL + reverse("invitation_accept", args=[invitation.token])
                context = {"invitation": invitation, "url": url, "site_url": settings.SITE_URL}
                message = mail.EmailMultiAlternatives(
                    subject=f"You are invited to {invitation.workspace.name} on Engage",
                    body=render_to_string("workspaces/email/invitation.txt", context),
                    to=[invitation.email],
                    connection=connection,
                )
                message.attach_alternative(
                    render_to_string("workspaces/email/invitation.html", context), "text/html"
                )
                message.send()
                sent.append(invitation.pk)
                if len(sent) >= MARK_BATCH:
                    mark()
    finally:
        mark()  # whatever went out before an SMTP error is not sent again on retry



@shared_task(acks_late=True)
def purge_drafts():
    """Hourly: drafts untouched for ENGAGE_DRAFT_DAYS, and forms kept for people who were signed
    out that nobody came back for (workspaces.kit.drafts). Idempotent."""
    from .kit.drafts import purge

    return purge()


@shared_task(acks_late=True)
def advance_lifecycles():
    """Beat, every 5 minutes: every registered lifecycle (Tool(lifecycles=...)) moves the items
    whose window opened or closed into that phase, telling whom the tool's verbs tell. Running
    it twice does nothing twice; a missed run is caught up by the next."""
    return lifecycles.advance_all()
