"""The polls' contract: one vote per member and per browser, enforced by the database; an
anonymous poll's rows link nobody to a choice; results counted in SQL; drafts seen by their
author and managers only; the vote checks refuse what a tampered form sends."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from polls import services
from polls.models import Ballot, BallotChoice, Participation, Poll
from polls.selectors import results
from workspaces.permissions import can, visible, visible_to_many

from .builders import cast, make_poll, option_ids

pytestmark = pytest.mark.django_db


def test_one_vote_per_member_is_the_databases_rule(workspace, manager, reader):
    poll = make_poll(workspace, manager)
    cast(poll, reader, "Yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(poll=poll, user=reader)
    cast(poll, reader, "No")  # a named poll: the vote changes, it is not counted twice
    tally = results(poll)
    assert tally.voters == 1 and [row.count for row in tally.rows] == [0, 1]


def test_an_anonymous_polls_rows_link_nobody_to_a_choice(workspace, manager, reader, contributor):
    poll = make_poll(workspace, manager, anonymous=True)
    cast(poll, reader, "Yes")
    cast(poll, contributor, "No")
    with pytest.raises(ValidationError, match="cannot be changed"):
        cast(poll, reader, "No")
    # The ballots' side of the schema has no voter, time or sequence to join on.
    assert not Ballot.objects.filter(poll=poll, user__isnull=False).exists()
    assert not Ballot.objects.filter(poll=poll, changed_at__isnull=False).exists()
    for model in (Ballot, BallotChoice):
        assert model._meta.pk.get_internal_type() == "UUIDField"
        columns = {field.column for field in model._meta.concrete_fields}
        assert not columns & {"created_at", "participation_id"}
    with connection.cursor() as cursor:
        described = connection.introspection.get_relations(cursor, Participation._meta.db_table)
    assert not any(table in (Ballot._meta.db_table, BallotChoice._meta.db_table) for _, table in described.values())
    assert set(Participation.objects.filter(poll=poll).values_list("user", flat=True)) == {reader.pk, contributor.pk}
    assert [row.count for row in results(poll).rows] == [1, 1]


@pytest.mark.parametrize("bad", ["tampered", "another_polls", "too_many", "none", "other_not_offered"])
def test_a_bad_vote_is_refused_and_nothing_is_saved(workspace, manager, reader, bad):
    poll = make_poll(workspace, manager, kind="multiple", max_choices=2, options=["A", "B", "C"])
    elsewhere = make_poll(workspace, manager)
    choices, other = {
        "tampered": (["x1"], ""), "another_polls": (option_ids(elsewhere, "Yes"), ""),
        "too_many": (option_ids(poll, "A", "B", "C"), ""), "none": ([], ""), "other_not_offered": ([], "Cats"),
    }[bad]
    with pytest.raises(ValidationError):
        services.vote(poll=poll, user=reader, choices=choices, other=other)
    assert not Participation.objects.filter(poll=poll).exists() and not Ballot.objects.filter(poll=poll).exists()


def test_a_closed_poll_takes_no_vote(workspace, manager, reader):
    poll = make_poll(workspace, manager, stage="closed")
    with pytest.raises(ValidationError, match="not taking votes"):
        services.vote(poll=poll, user=reader, choices=option_ids(poll, "Yes"))
    assert not can(reader, "polls.vote_poll", poll)


def test_visitors_vote_once_per_browser_in_a_public_poll(public_workspace, manager, outsider):
    poll = make_poll(public_workspace, manager)
    assert can(AnonymousUser(), "polls.vote_poll", poll) and can(outsider, "polls.vote_poll", poll)
    services.vote(poll=poll, choices=option_ids(poll, "Yes"), visitor_key="k" * 64, unverified=True)
    with pytest.raises(ValidationError, match="already voted"):
        services.vote(poll=poll, choices=option_ids(poll, "No"), visitor_key="k" * 64, unverified=True)
    assert results(poll).unverified == 1
    signed_in_only = make_poll(public_workspace, manager, sign_in_required=True)
    assert not can(AnonymousUser(), "polls.vote_poll", signed_in_only)


def test_drafts_are_their_authors_and_managers_only(workspace, manager, contributor, reader):
    draft = make_poll(workspace, contributor, stage="draft")
    live = make_poll(workspace, manager)
    everything = Poll.objects.filter(workspace=workspace)
    for person in (manager, contributor, reader):
        single = {poll.pk for poll in everything if can(person, "polls.view_poll", poll)}
        assert set(visible(person, everything, within=workspace).values_list("pk", flat=True)) == single
        assert set(visible(person, everything).values_list("pk", flat=True)) == single
    pairs = visible_to_many([manager, contributor, reader], everything)
    assert (reader.pk, draft.pk) not in pairs and (contributor.pk, draft.pk) in pairs and (reader.pk, live.pk) in pairs


def test_results_and_participants_follow_the_polls_settings(workspace, manager, reader, contributor):
    after_vote = make_poll(workspace, manager, results="after_vote", anonymous=True)
    assert not can(reader, "polls.results_poll", after_vote) and can(manager, "polls.results_poll", after_vote)
    cast(after_vote, reader, "Yes")
    assert can(reader, "polls.results_poll", after_vote)
    assert not can(manager, "polls.participants_poll", after_vote)  # anonymous: only after close
    closed = make_poll(workspace, manager, stage="closed", anonymous=True)
    assert can(manager, "polls.participants_poll", closed) and not can(reader, "polls.participants_poll", closed)


def test_a_vote_records_no_activity(workspace, manager, reader):
    from workspaces.models import Activity

    poll = make_poll(workspace, manager)
    before = Activity.objects.count()
    cast(poll, reader, "Yes")
    assert Activity.objects.count() == before
