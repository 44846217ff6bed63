"""The scale seed's poll at size S: a vote per stakeholder, each a participation and an
anonymous ballot, counted by results() in two queries; and pages for the load script."""

import random

from django.test import Client
from django.utils import timezone

from polls.models import Ballot, BallotChoice, Participation, Poll
from polls.scale import QUESTION, bench_pages, seed_scale
from polls.selectors import results
from workspaces.scale import SIZES, ScaleContext

from ..builders import add_member, make_user


def test_the_sizes_ask_for_a_vote_per_stakeholder_200000_at_l():
    assert SIZES["L"].stakeholders == 200_000 and SIZES["S"].stakeholders == 200


def test_the_seed_writes_votes_that_results_counts_in_two_queries(workspace, manager, django_assert_num_queries):
    voters = [make_user(f"stakeholder{n}@example.org") for n in range(200)]
    for voter in voters:
        add_member(workspace, voter)
    ctx = ScaleContext(size=SIZES["S"], rng=random.Random(1), now=timezone.now(), organisation=workspace.organisation,
                       workspace=workspace, small_workspaces=[], demo={manager.email: manager},
                       staff_ids=[manager.pk], stakeholder_ids=[u.pk for u in voters], team_ids=[])
    seed_scale(ctx)
    seed_scale(ctx)  # a second run adds nothing
    poll = Poll.objects.prefetch_related("options").get(workspace=workspace, question=QUESTION)
    assert Participation.objects.filter(poll=poll).count() == 200 == Ballot.objects.filter(poll=poll).count()
    assert not Ballot.objects.filter(poll=poll, user__isnull=False).exists()
    list(poll.options.all())
    with django_assert_num_queries(2):
        tally = results(poll)
    chosen = BallotChoice.objects.filter(poll=poll).count()
    assert tally.voters == 200 and sum(row.count for row in tally.rows) == chosen
    client = Client()
    client.force_login(manager)
    for _name, path in bench_pages(workspace):
        assert client.get(path).status_code == 200
