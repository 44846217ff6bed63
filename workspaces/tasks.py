from celery import shared_task
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Invitation


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_emails(invitation_ids):
    """Send the invitation emails for these ids over one SMTP connection. Idempotent: an
    invitation already sent (or no longer pending) is skipped."""
    invitations = (
        Invitation.objects.filter(pk__in=invitation_ids, sent_at__isnull=True, accepted_at__isnull=True,
                                  revoked_at__isnull=True)
        .select_related("workspace", "invited_by")
    )
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
            message.attach_alternative(render_to_string("workspaces/email/invitation.html", context), "text/html")
            message.send()
            Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
