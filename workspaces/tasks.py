"""The core's Celery tasks: sending the outbox (workspaces.mail) and its sweep, the drafts'
purge and the lifecycles; licence reminders are in workspaces.licences.tasks. Tasks defined
elsewhere are imported here so that Celery's autodiscovery, which reads this module, registers
them."""

from celery import shared_task

from . import mail
from .kit import lifecycles
from .licences.tasks import send_licence_reminders
from .mail import send_emails

__all__ = ["advance_lifecycles", "purge_drafts", "send_emails", "send_licence_reminders", "sweep_outbox"]


@shared_task(acks_late=True)
def sweep_outbox():
    """Beat, every 5 minutes: queue again whatever a lost task (or a Redis outage) left unsent."""
    return mail.queue_in_chunks(mail.sweep())


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
