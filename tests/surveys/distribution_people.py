"""Many members at once, and their participation, for the distribution tests (bulk: a test of
1,000 people should not take 1,000 sign-ups)."""

import itertools

from django.utils import timezone

from accounts.models import User
from surveys.models import Participation
from workspaces.models import Membership, Role

_batch = itertools.count(1)


def many_members(workspace, count, role=Role.READER):
    n = next(_batch)
    users = User.objects.bulk_create([User(email=f"person{n}-{i}@example.org", display_name=f"Person {n}-{i}")
                                      for i in range(count)])
    Membership.objects.bulk_create([Membership(workspace=workspace, user=u, role=role) for u in users])
    return users


def participations(survey, users, *, invited=True, started=False, completed=False, reminders_sent=0):
    now = timezone.now()
    return Participation.objects.bulk_create([
        Participation(survey=survey, user=u, invited_at=now if invited else None,
                      started_at=now if started or completed else None, completed_at=now if completed else None,
                      reminders_sent=reminders_sent)
        for u in users])
