from celery import shared_task


@shared_task(name="diaries.tasks.promote_waiting")
def promote_waiting():
    """Every minute (CELERY_BEAT_SCHEDULE): where places are free and people wait (capacity raised
    or removed), the first waiting are promoted and emailed (diaries.invites.promote_due)."""
    from .invites import promote_due

    return promote_due()
