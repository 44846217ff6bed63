"""Replies and the waitlist: a "yes" to a full event waits, told its position; when a place frees
the first waiting is promoted at once and emailed; the beat task promotes where capacity was
raised elsewhere; a series takes replies for all its dates or one, the date's own winning."""

from datetime import datetime
from email.utils import parseaddr

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from diaries import invites, services
from diaries.models import Rsvp
from diaries.tasks import promote_waiting
from notifications.models import Notification

from ..builders import add_member, make_user
from .builders import LONDON, make_diary, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def people(workspace):
    found = []
    for n in range(4):
        user = make_user(f"person{n}@example.org", name=f"Person {n}")
        add_member(workspace, user)
        found.append(user)
    return found


@pytest.fixture
def event(workspace, manager):
    return make_event(make_diary(workspace, manager), manager, title="Stakeholder evening", capacity=2)


def test_two_places_three_yes_the_third_waits_and_is_promoted_and_emailed_when_one_cancels(event, people,
                                                                                           commits):
    first, second, third, _ = people
    assert invites.respond(user=first, event=event, answer="yes")[1] is None
    assert invites.respond(user=second, event=event, answer="yes")[1] is None
    reply, position = invites.respond(user=third, event=event, answer="yes")
    assert position == 1 and reply.is_waiting and invites.places_taken(event) == 2
    with commits():
        invites.respond(user=first, event=event, answer="no")
    third_reply = Rsvp.objects.get(event=event, user=third)
    assert not third_reply.is_waiting and third_reply.promoted_at is not None
    assert invites.places_taken(event) == 2
    [message] = mail.outbox
    assert parseaddr(message.to[0])[1] == third.email and message.subject == "A place is yours: Stakeholder evening"
    assert "ACCEPTED" in message.message().as_string()
    assert Notification.objects.filter(recipient=third, activity__verb="diaries.place_offered").exists()


def test_the_waitlist_keeps_its_order_and_anyone_may_leave_it(event, people, manager):
    invites.respond(user=manager, event=event, answer="yes")
    invites.respond(user=people[0], event=event, answer="yes")
    positions = [invites.respond(user=person, event=event, answer="yes")[1] for person in people[1:]]
    assert positions == [1, 2, 3]
    assert invites.respond(user=people[1], event=event, answer="yes")[1] == 1  # yes again: same place in line
    invites.leave_waitlist(user=people[1], event=event)
    assert Rsvp.objects.get(event=event, user=people[1]).answer == "no"
    assert invites.waiting_position(Rsvp.objects.get(event=event, user=people[3])) == 2
    with pytest.raises(ValidationError):
        invites.leave_waitlist(user=people[1], event=event)
    invites.respond(user=people[2], event=event, answer="maybe")  # a waiting "maybe" leaves the line
    assert invites.waiting_position(Rsvp.objects.get(event=event, user=people[3])) == 1


def test_a_newcomer_does_not_jump_the_line_when_a_place_frees(event, people, manager):
    invites.respond(user=manager, event=event, answer="yes")
    invites.respond(user=people[0], event=event, answer="yes")
    invites.respond(user=people[1], event=event, answer="yes")  # waits
    invites.respond(user=manager, event=event, answer="no")  # people[1] promoted at once
    assert not Rsvp.objects.get(event=event, user=people[1]).is_waiting
    assert invites.respond(user=people[2], event=event, answer="yes")[1] == 1


def test_the_beat_task_promotes_when_capacity_is_raised_elsewhere(event, people, manager, commits):
    for person in people[:3]:
        invites.respond(user=person, event=event, answer="yes")
    assert Rsvp.objects.filter(event=event, waiting_since__isnull=False).count() == 1
    services.event_update(actor=manager, event=event, capacity=5)
    with commits():
        assert promote_waiting() == 1
    assert not Rsvp.objects.filter(event=event, waiting_since__isnull=False).exists()
    assert [parseaddr(m.to[0])[1] for m in mail.outbox] == [people[2].email]
    assert promote_waiting() == 0


def test_a_series_takes_a_reply_for_one_date_that_wins_over_the_series_reply(workspace, manager, reader):
    series = make_event(make_diary(workspace, manager), manager, start=datetime(2027, 3, 1, 9, 30, tzinfo=LONDON),
                        rrule="FREQ=WEEKLY;COUNT=10")
    invites.respond(user=reader, event=series, answer="yes")
    invites.respond(user=reader, event=series, answer="no", occurrence="20270308T093000")
    assert set(Rsvp.objects.filter(event=series, user=reader).values_list("occurrence", "answer")) == {
        ("", "yes"), ("20270308T093000", "no")}
    for bad in ("20270309T093000", "20990101T093000", "garbage", "x" * 40):
        with pytest.raises(ValidationError) as refused:
            invites.respond(user=reader, event=series, answer="yes", occurrence=bad)
        assert "occurrence" in refused.value.message_dict


@pytest.mark.parametrize("answer", ["", "YES", "going", "<script>", None])
def test_an_answer_that_is_not_one_of_the_three_is_refused_and_nothing_saved(event, reader, answer):
    with pytest.raises(ValidationError):
        invites.respond(user=reader, event=event, answer=answer)
    assert not Rsvp.objects.exists()


def test_a_cancelled_event_takes_no_reply_and_no_invitation(event, manager, reader):
    services.event_cancel(actor=manager, event=event)
    with pytest.raises(ValidationError):
        invites.respond(user=reader, event=event, answer="yes")
    with pytest.raises(ValidationError):
        invites.invite(actor=manager, event=event, users=[reader])
