"""The polls' part of the reference data (`manage.py seed_scale`, workspaces.scale): one poll in
the flagship with a vote from every stakeholder (SCALE.md "poll votes": 200 at size S, 200,000
at L), written by ctx.insert_rows (COPY on PostgreSQL). Each vote is what services.vote writes:
a Participation (who, when), and apart from it an anonymous Ballot (no voter, a random id) with
its BallotChoice rows. The results are then counted in SQL, in two queries, as for any poll."""

import uuid
from datetime import timedelta

from django.urls import reverse

from .models import Ballot, BallotChoice, Participation, Poll, Results
from .services import poll_create

QUESTION = "Which improvement to the river path matters most to you?"
OPTIONS = ["Lighting", "Benches", "Wider path", "Cycle lane", "Litter bins"]
WEIGHTS = [30, 15, 25, 20, 10]


def _uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def seed_scale(ctx):
    rng, workspace = ctx.rng, ctx.workspace
    voters = list(ctx.stakeholder_ids)
    if not voters or Poll.objects.filter(workspace=workspace, question=QUESTION).exists():
        return None
    author = ctx.demo.get("manager@example.org")
    author = author.pk if author is not None else ctx.staff_ids[0]
    opens_at = ctx.now - timedelta(days=14)
    poll = poll_create(actor=Poll._meta.get_field("created_by").related_model.objects.get(pk=author),
                       workspace=workspace, question=QUESTION, options=OPTIONS, anonymous=True,
                       results=Results.ALWAYS, view_access="members", opens_at=opens_at,
                       closes_at=ctx.now + timedelta(days=30), publish=True, allow_other=True)
    options = list(poll.options.order_by("position").values_list("pk", flat=True))
    span = int((ctx.now - opens_at).total_seconds())
    times = sorted(opens_at + timedelta(seconds=rng.randrange(span)) for _ in voters)
    ctx.insert_rows(Participation, ["poll_id", "user_id", "visitor_key", "unverified", "address_key", "created_at"],
                    ((poll.pk, uid, "", False, "", when) for uid, when in zip(voters, times, strict=True)))
    ballots, choices = [], []
    for n in range(len(voters)):
        ballot = _uuid(rng)
        other = "A dog bin by the bridge" if n % 97 == 0 else ""
        ballots.append((ballot, poll.pk, None, False, other, None))
        picked = rng.choices(options, weights=WEIGHTS)[0]
        choices.append((_uuid(rng), ballot, poll.pk, picked))
        if other:
            choices.append((_uuid(rng), ballot, poll.pk, None))
    rng.shuffle(ballots)  # nothing in the ballots' order follows the participations'
    ctx.insert_rows(Ballot, ["id", "poll_id", "user_id", "unverified", "other", "changed_at"], ballots)
    ctx.insert_rows(BallotChoice, ["id", "ballot_id", "poll_id", "option_id"], choices)
    return poll


def bench_pages(workspace):
    ws = workspace.slug
    pages = [("polls", reverse("polls:index", args=[ws]))]
    poll = Poll.objects.filter(workspace=workspace, question=QUESTION).first()
    if poll is not None:
        pages.append(("poll with 200,000 votes (and its results)", reverse("polls:poll", args=[ws, poll.pk])))
    return pages
