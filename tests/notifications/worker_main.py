"""A Celery worker for the real-services tests, started as a subprocess:

    python -m tests.notifications.worker_main <pool> <concurrency>

It is the project's worker (engage.celery) with one change: a Redis visibility timeout of a
few seconds instead of an hour, so that a task whose worker was killed is delivered again
within the test instead of an hour later (kombu scans for such tasks every second here)."""

import sys

from engage.celery import app

if __name__ == "__main__":
    pool, concurrency = (sys.argv[1:] + ["solo", "1"])[:2]
    app.conf.broker_transport_options = {"visibility_timeout": 5, "unacked_restore_interval": 1,
                                         "unacked_restore_throttle": 1}
    app.conf.task_always_eager = False
    app.worker_main(["worker", f"--pool={pool}", f"--concurrency={concurrency}", "--loglevel=INFO",
                     "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"test-{pool}@%h"])
