"""Replies posted at the same moment by different people get consecutive numbers, never the
same one, and the counters count each (the thread's row lock). Real concurrent connections, so
PostgreSQL only."""

import threading

import pytest
from django.db import connection

from forums import services
from forums.models import Post

from .builders import fresh

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_replies_are_numbered_one_after_another(thread, manager, contributor):
    start, errors = threading.Barrier(8), []

    def post(n):
        try:
            start.wait(10)
            services.reply(actor=[manager, contributor][n % 2], thread=thread, text=f"At once {n}.")
        except Exception as exc:  # reported to the main thread
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=post, args=(n,)) for n in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert not errors
    assert sorted(Post.objects.filter(thread=thread).values_list("number", flat=True)) == list(range(1, 10))
    thread = fresh(thread)
    assert (thread.post_count, thread.last_post_number, thread.next_number) == (8, 9, 10)
    assert fresh(thread.board).post_count == 9
