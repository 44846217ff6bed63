from celery import shared_task
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Invitation


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


# --- Licence expiry reminders ---------------------------------------------------------------

REMINDER_CHUNK = 500


@shared_task(acks_late=True)
def send_licence_reminders():
    """Daily (Celery beat): queue a reminder for every pool ending within
    ENGAGE_LICENCE_REMINDER_DAYS (to its organisation's admins) and for every person whose
    licence ends then (to them). Each is sent once: the sending tasks claim rows first."""
    from datetime import timedelta

    from .models import Licence, LicencePool

    today = timezone.localdate()
    horizon = today + timedelta(days=settings.ENGAGE_LICENCE_REMINDER_DAYS)
    ending = {"valid_until__gte": today, "valid_until__lte": horizon}
    for pool_id in LicencePool.objects.filter(reminder_sent_at__isnull=True, **ending).values_list("pk", flat=True):
        send_pool_expiry_reminder.delay(pool_id)
    ids = list(
        Licence.objects.filter(
            reminder_sent_at__isnull=True, released_at__isnull=True, user__isnull=False,
            user__is_active=True, **{f"pool__{k}": v for k, v in ending.items()},
        ).values_list("pk", flat=True)
    )
    for start in range(0, len(ids), REMINDER_CHUNK):
        send_licence_expiry_reminders.delay(ids[start : start + REMINDER_CHUNK])


def _licence_page_url(organisation):
    return settings.SITE_URL + reverse("licence_overview", args=[organisation.slug])


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_pool_expiry_reminder(pool_id):
    """Tell the organisation's admins that a pool is about to end. Claimed with a conditional
    UPDATE first, so a duplicate or re-run task sends nothing; a failed send un-claims it."""
    from .models import LicencePool
    from .selectors_licences import organisation_admins

    now = timezone.now()
    if not LicencePool.objects.filter(pk=pool_id, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
        return 0
    pool = LicencePool.objects.select_related("organisation").get(pk=pool_id)
    recipients = [u.email for u in organisation_admins(pool.organisation)]
    if not recipients:
        return 0
    context = {"pool": pool, "organisation": pool.organisation, "url": _licence_page_url(pool.organisation),
               "site_url": settings.SITE_URL}
    try:
        message = mail.EmailMultiAlternatives(
            subject=f"Licence pool “{pool.label}” ends on {pool.valid_until:%d/%m/%Y}",
            body=render_to_string("workspaces/email/licence_pool_expiring.txt", context),
            to=recipients,
        )
        message.attach_alternative(render_to_string("workspaces/email/licence_pool_expiring.html", context),
                                   "text/html")
        message.send()
    except Exception:
        LicencePool.objects.filter(pk=pool_id, reminder_sent_at=now).update(reminder_sent_at=None)
        raise
    return 1


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_licence_expiry_reminders(licence_ids):
    """Tell each licensee that their access ends soon, over one SMTP connection. Rows are
    claimed (locked, skipping rows another worker holds, and marked) before sending."""
    from django.db import transaction

    from .models import Licence
    from .selectors_licences import organisation_admins

    now = timezone.now()
    with transaction.atomic():
        claimed = list(
            Licence.objects.filter(pk__in=licence_ids, reminder_sent_at__isnull=True, released_at__isnull=True)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        Licence.objects.filter(pk__in=claimed).update(reminder_sent_at=now)
    licences = Licence.objects.filter(pk__in=claimed, user__isnull=False).select_related(
        "user", "pool", "organisation"
    )
    contacts = {}
    sent = []
    try:
        with mail.get_connection() as connection:
            for licence in licences:
                org = licence.organisation
                if org.pk not in contacts:
                    contacts[org.pk] = list(organisation_admins(org)[:5])
                context = {"licence": licence, "organisation": org, "contacts": contacts[org.pk],
                           "site_url": settings.SITE_URL}
                message = mail.EmailMultiAlternatives(
                    subject=f"Your access to {org.name} on Engage ends on {licence.pool.valid_until:%d/%m/%Y}",
                    body=render_to_string("workspaces/email/licence_expiring.txt", context),
                    to=[licence.user.email],
                    connection=connection,
                )
                message.attach_alternative(render_to_string("workspaces/email/licence_expiring.html", context),
                                           "text/html")
                message.send()
                sent.append(licence.pk)
    except Exception:
        # Whatever was not sent goes back to the pool of unsent reminders for the retry.
        Licence.objects.filter(pk__in=set(claimed) - set(sent), reminder_sent_at=now).update(reminder_sent_at=None)
        raise
    return len(sent)


# --- Drafts ----------------------------------------------------------------------------------


@shared_task(acks_late=True)
def purge_drafts():
    """Hourly: drafts untouched for ENGAGE_DRAFT_DAYS, and forms kept for people who were signed
    out that nobody came back for (workspaces.kit.drafts). Idempotent."""
    from .kit.drafts import purge

    return purge()
