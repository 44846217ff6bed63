"""Builders for poll tests: polls made and voted in through the services.

    poll = make_poll(workspace, manager)                          # published, open, "Yes"/"No"
    poll = make_poll(workspace, manager, stage="draft"|"scheduled"|"open"|"closed", anonymous=True,
                     options=["A", "B", "C"], kind="multiple", max_choices=2)
    cast(poll, reader, "Yes")                                     # a member's vote, by option label"""

import itertools
from datetime import timedelta

from django.utils import timezone

from polls import services
from polls.models import Poll

_n = itertools.count(1)


def make_poll(workspace, author, *, stage="open", question=None, options=("Yes", "No"), **extra):
    now = timezone.now()
    opens_at, closes_at = {
        "draft": (None, now + timedelta(days=7)),
        "scheduled": (now + timedelta(days=1), now + timedelta(days=8)),
        "open": (now - timedelta(hours=1), now + timedelta(days=7)),
        "closed": (now - timedelta(days=8), now - timedelta(days=1)),
    }[stage]
    poll = services.poll_create(actor=author, workspace=workspace, question=question or f"Question {next(_n)}?",
                                options=list(options), opens_at=extra.pop("opens_at", opens_at),
                                closes_at=extra.pop("closes_at", closes_at), publish=stage != "draft", **extra)
    return Poll.objects.select_related("workspace").prefetch_related("options").get(pk=poll.pk)


def option_ids(poll, *labels):
    by_label = {option.label: option.pk for option in poll.options.all()}
    return [by_label[label] for label in labels]


def cast(poll, user, *labels, other="", **extra):
    """A vote while the poll is open (a closed poll's votes are cast as if an hour after it opened)."""
    now = None
    if poll.closes_at and poll.closes_at <= timezone.now():
        now = poll.opens_at + timedelta(hours=1)
    return services.vote(poll=poll, user=user, choices=option_ids(poll, *labels), other=other, now=now, **extra)
