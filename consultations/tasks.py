"""The consultations' Celery tasks: finding campaigns (campaigns.group) in the background."""

from celery import shared_task


@shared_task(name="consultations.tasks.group_campaigns", acks_late=True)
def group_campaigns(run_id):
    """Run a queued GroupingRun (its progress is saved every batch for the campaigns page)."""
    from .campaigns import run_grouping

    return run_grouping(run_id)
