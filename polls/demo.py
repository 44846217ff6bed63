"""The polls' demo content (manage.py seed_demo): an open named single-choice poll with the demo
people's votes, an open anonymous poll of several answers (at most 2, with "Other"), and a closed
poll with its results. Idempotent: a poll whose question is already in the workspace is left
alone. Everything through the services (votes too)."""

from datetime import timedelta

from django.utils import timezone

from .models import Kind, Option, Poll, Results
from .services import poll_create, vote

NAMED = "Which evening suits the next drop-in session?"
ANONYMOUS = "What should the programme focus on next? (choose up to two)"
CLOSED = "Should the newsletter come out monthly?"


def _vote(poll, user, *labels, other="", now=None):
    if user is None:
        return
    ids = list(Option.objects.filter(poll=poll, label__in=labels).values_list("pk", flat=True))
    vote(poll=poll, user=user, choices=ids, other=other, now=now)


def seed_demo(workspace, users):
    manager, contributor = users.get("manager@example.org"), users.get("contributor@example.org")
    reader = users.get("reader@example.org")
    if manager is None:
        return
    existing = set(Poll.objects.filter(workspace=workspace).values_list("question", flat=True))
    now = timezone.now()
    if NAMED not in existing:
        poll = poll_create(
            actor=manager, workspace=workspace, question=NAMED, options=["Tuesday", "Wednesday", "Thursday"],
            description="The drop-in runs from 18:00 to 20:00 at the **community hall**. Managers see who chose "
                        "what, so that we can tell you if your evening is picked.",
            results=Results.ALWAYS, view_access="members", closes_at=now + timedelta(days=10), publish=True)
        _vote(poll, contributor, "Wednesday")
        _vote(poll, reader, "Thursday")
    if ANONYMOUS not in existing:
        poll = poll_create(
            actor=contributor or manager, workspace=workspace, question=ANONYMOUS, kind=Kind.MULTIPLE, max_choices=2,
            options=["Housing", "Transport", "Green spaces", "Young people"], allow_other=True, anonymous=True,
            results=Results.AFTER_VOTE, view_access="anyone", change_access="managers", embed=True,
            closes_at=now + timedelta(days=21), publish=True)
        _vote(poll, manager, "Transport", "Green spaces")
        _vote(poll, reader, "Housing", other="Cycle lanes")
    if CLOSED not in existing:
        opens = now - timedelta(days=20)
        poll = poll_create(
            actor=manager, workspace=workspace, question=CLOSED, options=["Yes, monthly", "No, every two months"],
            results=Results.AFTER_CLOSE, view_access="members", opens_at=opens, closes_at=now - timedelta(days=6),
            publish=True)
        votes = ((contributor, "Yes, monthly"), (reader, "Yes, monthly"), (manager, "No, every two months"))
        for person, label in votes:
            _vote(poll, person, label, now=opens + timedelta(days=1))
