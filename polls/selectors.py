"""Reading polls: the one place results are counted (in SQL, a fixed number of queries at any
number of votes) and what a person's own vote was."""

from dataclasses import dataclass

from django.db.models import Count, Q

from workspaces.kit.selectors import get_item, number_or_404
from workspaces.permissions import visible

from .models import Ballot, BallotChoice, Participation, Poll


def get_poll(user, workspace, pk, perm="polls.view_poll", deleted="hide"):
    """The poll `pk` of this workspace if the user holds `perm` on it; otherwise 404/403."""
    polls = Poll.objects.select_related("created_by").prefetch_related("options")
    return get_item(user, polls.filter(workspace=workspace, pk=number_or_404(pk)), perm, deleted=deleted,
                    workspace=workspace)


def visible_polls(user, workspace):
    return visible(user, Poll.objects.filter(workspace=workspace, is_deleted=False), within=workspace)


@dataclass(frozen=True)
class Row:
    option: object  # an Option, or None for "Other"
    label: str
    count: int
    percent: int  # of the people who voted (several answers: the rows add up to more than 100)


@dataclass(frozen=True)
class Tally:
    rows: list
    voters: int
    unverified: int

    @property
    def verified(self):
        return self.voters - self.unverified


def results(poll):
    """The counts per option (and "Other"), the number of voters and of unverified votes: two
    queries, each one index range, whatever the number of votes."""
    counts = dict(BallotChoice.objects.filter(poll=poll).values_list("option").annotate(n=Count("pk"))
                  .values_list("option", "n"))
    totals = Ballot.objects.filter(poll=poll).aggregate(voters=Count("pk"),
                                                         unverified=Count("pk", filter=Q(unverified=True)))
    voters = totals["voters"] or 0
    rows = [Row(option, option.label, counts.get(option.pk, 0), _percent(counts.get(option.pk, 0), voters))
            for option in poll.options.all()]
    if poll.allow_other or counts.get(None):
        rows.append(Row(None, "Other", counts.get(None, 0), _percent(counts.get(None, 0), voters)))
    return Tally(rows=rows, voters=voters, unverified=totals["unverified"] or 0)


def _percent(count, total):
    return round(100 * count / total) if total else 0


def has_voted(poll, *, user=None, visitor_key=""):
    if user is not None and user.is_authenticated:
        return Participation.objects.filter(poll=poll, user=user.pk).exists()
    return bool(visitor_key) and Participation.objects.filter(poll=poll, visitor_key=visitor_key).exists()


def own_ballot(poll, user):
    """A member's ballot in a named poll (None in an anonymous one: nothing links it to them)."""
    if poll.anonymous or not user.is_authenticated:
        return None
    return Ballot.objects.filter(poll=poll, user=user.pk).prefetch_related("choices").first()
