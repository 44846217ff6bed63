"""The consultations' Celery tasks: finding campaigns (campaigns.group) in the background."""

from celery import shared_task
from django.db import transaction

from . import campaigns


@shared_task(name="consultations.tasks.group_campaigns", acks_late=True)
def group_campaigns(run_id):
    """Run a queued GroupingRun (its progress is saved every batch for the campaigns page)."""
    return campaigns.run_grouping(run_id)


def find_campaigns(*, actor, consultation):
    """Queue a run (campaigns.start_grouping: one at a time) and its task, sent once the run is
    committed (eager in tests and with `make run`)."""
    run = campaigns.start_grouping(actor=actor, consultation=consultation)
    transaction.on_commit(lambda: group_campaigns.delay(run.pk))
    return run
