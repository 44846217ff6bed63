from celery import shared_task


@shared_task(name="blogs.tasks.publish_due")
def publish_due():
    """Every minute (CELERY_BEAT_SCHEDULE): scheduled posts whose time has come are told of."""
    from .services import publish_due as run

    return run()
