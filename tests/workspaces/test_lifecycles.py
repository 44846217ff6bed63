"""The kit's windows and lifecycles on the test-only tool's Notes: a window's state and phrase
(site time), the transition helper, one beat task moving every registered lifecycle on
(idempotent, catching up), the policy helper and the "closes tomorrow" reminder."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction

from tests.dummytool.models import Note
from workspaces import reminders
from workspaces.kit.lifecycles import (
    ClosingReminder,
    IllegalTransition,
    Lifecycle,
    Phase,
    Span,
    Transitions,
    advance_all,
    within_window,
)
from workspaces.models import Activity, Reminder
from workspaces.permissions import ALLOW, Decision
from workspaces.registry import FOLLOWERS, NotifyRule, Tool, register_temporarily
from workspaces.tasks import advance_lifecycles

OPENS = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # 09:00 in London (GMT in January)
CLOSES = datetime(2027, 1, 15, 17, 0, tzinfo=UTC)
BEFORE, DURING, AFTER = OPENS - timedelta(days=1), OPENS + timedelta(days=2), CLOSES + timedelta(minutes=1)

NOTE_WINDOW = Lifecycle(
    model="dummytool.Note",
    verbs={Phase.OPEN: "dummytool.note_opened", Phase.CLOSED: "dummytool.note_closed"},
    summaries={Phase.OPEN: "Now open:", Phase.CLOSED: "Now closed:"},
    reminder=ClosingReminder(subject="“{title}” closes tomorrow", message="It closes on {closes}."),
)
NOTES = Tool(
    slug="notes", app_label="dummytool", name="Notes", description="", urls="tests.dummytool.urls",
    policies={"dummytool.Note": "workspaces.permissions.ItemPolicy"},
    verbs={"dummytool.note_opened": NotifyRule(notify=(FOLLOWERS,)),
           "dummytool.note_closed": NotifyRule(notify=(FOLLOWERS,)),
           "dummytool.note_published": NotifyRule(notify=(FOLLOWERS,))},
    lifecycles=(NOTE_WINDOW,),
)


@pytest.fixture
def notes():
    with register_temporarily(NOTES):
        yield


def make_note(workspace, author, title="Budget note", opens_at=OPENS, closes_at=CLOSES, **extra):
    return Note.objects.create(workspace=workspace, created_by=author, title=title, opens_at=opens_at,
                               closes_at=closes_at, **extra)


def told(verb):
    return Activity.objects.filter(verb=verb).count()


# --- A window: its state, its phrase, its checks ------------------------------------------------


def test_a_window_is_not_yet_open_then_open_then_closed_on_the_minute():
    span = Span(OPENS, CLOSES)
    assert span.state(BEFORE) == Phase.NOT_YET_OPEN
    assert span.state(OPENS) == Phase.OPEN and span.is_open(OPENS)
    assert span.state(CLOSES - timedelta(seconds=1)) == Phase.OPEN
    assert span.state(CLOSES) == Phase.CLOSED and not span.is_open(CLOSES)


def test_a_window_without_dates_is_always_open_and_says_nothing():
    assert Span().state(AFTER) == Phase.OPEN and Span().phrase(AFTER) == "" and Span().refusal(AFTER) == ""
    assert Span(opens_at=OPENS).state(AFTER) == Phase.OPEN and Span(opens_at=OPENS).phrase(AFTER) == ""
    assert Span(closes_at=CLOSES).state(BEFORE) == Phase.OPEN


def test_the_phrase_says_where_the_window_stands_in_the_sites_time_zone():
    span = Span(OPENS, CLOSES)
    assert span.phrase(BEFORE) == "Opens on 4 January 2027, 09:00 and closes on 15 January 2027, 17:00"
    assert span.phrase(DURING) == "Open until 15 January 2027, 17:00"
    assert span.phrase(AFTER) == "Closed on 15 January 2027, 17:00"
    assert Span(opens_at=OPENS).phrase(BEFORE) == "Opens on 4 January 2027, 09:00"
    summer = Span(closes_at=datetime(2027, 7, 15, 16, 0, tzinfo=UTC))  # 17:00 British Summer Time
    assert summer.phrase(DURING) == "Open until 15 July 2027, 17:00"


def test_the_model_mixin_answers_from_its_dates(workspace, manager):
    note = make_note(workspace, manager)
    assert note.window_state(BEFORE) == Phase.NOT_YET_OPEN and note.is_open(DURING) and not note.is_open(AFTER)
    assert note.window_phrase(AFTER) == "Closed on 15 January 2027, 17:00"
    assert note.window_phase == Phase.OPEN  # what people were told: nothing yet


def test_a_window_must_close_after_it_opens(workspace, manager):
    note = Note(workspace=workspace, created_by=manager, title="Backwards", opens_at=CLOSES, closes_at=OPENS)
    with pytest.raises(ValidationError) as error:
        note.full_clean()
    assert error.value.message_dict["closes_at"] == [
        "Choose a closing time after the opening time (15 January 2027, 17:00)."]
    note.closes_at = CLOSES
    with pytest.raises(ValidationError):
        note.full_clean()  # closing at the very moment it opens
    note.opens_at = OPENS
    note.full_clean()


def test_the_policy_helper_refuses_outside_the_window_with_its_phrase():
    span = Span(OPENS, CLOSES)
    assert within_window(ALLOW, span, DURING) is ALLOW
    refused = within_window(ALLOW, span, AFTER)
    assert not refused.allowed and refused.reason == "Closed on 15 January 2027, 17:00."
    assert within_window(ALLOW, span, BEFORE).reason == "Opens on 4 January 2027, 09:00 and closes on 15 January " \
                                                        "2027, 17:00."
    already = Decision(False, "You need to be a contributor.")
    assert within_window(already, span, AFTER) is already  # the first reason stands


# --- Transitions ---------------------------------------------------------------------------------------


STATES = Transitions(field="status", allowed={
    (Note.Status.DRAFT, Note.Status.PUBLISHED): "dummytool.note_published",
    (Note.Status.PUBLISHED, Note.Status.WITHDRAWN): None,
})


def test_an_allowed_transition_moves_the_item_and_records_its_verb(notes, workspace, manager):
    note = make_note(workspace, manager)
    STATES.transition(note, Note.Status.PUBLISHED, actor=manager, summary="published the note")
    note.refresh_from_db()
    assert note.status == Note.Status.PUBLISHED
    activity = Activity.objects.get(verb="dummytool.note_published")
    assert (activity.actor, activity.target_id, activity.summary) == (manager, note.pk, "published the note")
    STATES.transition(note, Note.Status.WITHDRAWN, actor=manager)  # a move with no verb records nothing
    assert Activity.objects.filter(target_id=note.pk).count() == 1


def test_an_illegal_transition_is_refused_saying_what_is_possible_and_changes_nothing(notes, workspace, manager):
    note = make_note(workspace, manager)
    with pytest.raises(IllegalTransition) as error:
        STATES.transition(note, Note.Status.WITHDRAWN, actor=manager)
    assert error.value.messages == ["This note is draft, so it cannot become withdrawn (it can become published)."]
    note.refresh_from_db()
    assert note.status == Note.Status.DRAFT and not Activity.objects.exists()


def test_a_transition_starts_from_the_state_saved_not_the_one_in_hand(notes, workspace, manager):
    note = make_note(workspace, manager)
    stale = Note.objects.get(pk=note.pk)
    STATES.transition(note, Note.Status.PUBLISHED, actor=manager)
    with pytest.raises(IllegalTransition):  # published already: publishing again is not a move there is
        STATES.transition(stale, Note.Status.PUBLISHED, actor=manager)
    assert told("dummytool.note_published") == 1


# --- The beat task ----------------------------------------------------------------------------------------


def test_the_beat_schedule_runs_the_lifecycles_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["lifecycles"]
    assert entry["task"] == "workspaces.tasks.advance_lifecycles" == advance_lifecycles.name
    assert str(entry["schedule"]._orig_minute) == "*/5"


def test_a_window_opening_and_closing_is_told_once_each(notes, workspace, manager):
    note = make_note(workspace, manager)
    with time_machine.travel(BEFORE, tick=False):
        advance_lifecycles()  # not yet open: entered silently
    note.refresh_from_db()
    assert note.window_phase == Phase.NOT_YET_OPEN and not Activity.objects.exists()
    with time_machine.travel(DURING, tick=False):
        advance_lifecycles()
        advance_lifecycles()
    assert told("dummytool.note_opened") == 1
    with time_machine.travel(AFTER, tick=False):
        assert advance_all()["dummytool.Note.window_phase"] == 1
        assert advance_all()["dummytool.Note.window_phase"] == 0  # a second run does nothing twice
    note.refresh_from_db()
    assert note.window_phase == Phase.CLOSED and told("dummytool.note_closed") == 1
    closed = Activity.objects.get(verb="dummytool.note_closed")
    assert closed.actor is None and closed.summary == "Now closed:"


def test_a_missed_run_catches_up_and_tells_only_the_closing(notes, workspace, manager):
    note = make_note(workspace, manager)
    with time_machine.travel(BEFORE, tick=False):
        advance_lifecycles()
    with time_machine.travel(AFTER + timedelta(days=3), tick=False):  # beat was down all the while
        advance_lifecycles()
    note.refresh_from_db()
    assert note.window_phase == Phase.CLOSED
    assert (told("dummytool.note_opened"), told("dummytool.note_closed")) == (0, 1)


def test_moving_the_close_later_opens_it_again_and_tells_so(notes, workspace, manager):
    note = make_note(workspace, manager)
    with time_machine.travel(AFTER, tick=False):
        advance_lifecycles()
        Note.objects.filter(pk=note.pk).update(closes_at=AFTER + timedelta(days=7))
        advance_lifecycles()
    note.refresh_from_db()
    assert note.window_phase == Phase.OPEN and told("dummytool.note_opened") == 1


def test_items_without_a_window_are_left_alone(notes, workspace, manager, django_assert_max_num_queries):
    for n in range(5):
        make_note(workspace, manager, title=f"Plain {n}", opens_at=None, closes_at=None)
    with django_assert_max_num_queries(3):  # one question per phase, no row to move
        assert NOTE_WINDOW.advance(AFTER) == 0


def test_only_live_items_take_part(notes, workspace, manager):
    note = make_note(workspace, manager, title="Withdrawn")
    Note.objects.filter(pk=note.pk).update(status=Note.Status.WITHDRAWN)
    live_only = Lifecycle(model="dummytool.Note", verbs=NOTE_WINDOW.verbs, live={"status": Note.Status.DRAFT})
    assert live_only.advance(AFTER) == 0
    note.refresh_from_db()
    assert note.window_phase == Phase.OPEN


def test_one_item_that_fails_does_not_stop_the_others(notes, workspace, manager, monkeypatch):
    first, second = make_note(workspace, manager, title="First"), make_note(workspace, manager, title="Second")
    real = Transitions.transition

    def flaky(self, obj, to, **kwargs):
        if obj.pk == first.pk:
            raise RuntimeError("a bug")
        return real(self, obj, to, **kwargs)

    monkeypatch.setattr(Transitions, "transition", flaky)
    assert NOTE_WINDOW.advance(AFTER) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.window_phase, second.window_phase) == (Phase.OPEN, Phase.CLOSED)  # the first is tried again next run


# --- The "closes tomorrow" reminder ---------------------------------------------------------------------


def _reminder(note):
    return Reminder.objects.filter(key=NOTE_WINDOW.reminder_key(note)).first()


def test_setting_a_window_schedules_the_reminder_for_the_morning_before_it_closes(workspace, manager):
    note = make_note(workspace, manager)
    with time_machine.travel(DURING, tick=False), transaction.atomic():
        NOTE_WINDOW.window_changed(note)
    reminder = _reminder(note)
    assert reminder.due_at == datetime(2027, 1, 14, 9, 0, tzinfo=UTC)  # 09:00 London, the day before
    assert reminder.subject == "“Budget note” closes tomorrow"
    assert reminder.message == "It closes on 15 January 2027, 17:00."
    assert reminder.audience == reminders.Audience.FOLLOWERS and reminder.target_id == note.pk


def test_changing_the_window_moves_the_reminder_and_clearing_it_drops_it(workspace, manager):
    note = make_note(workspace, manager)
    with time_machine.travel(DURING, tick=False), transaction.atomic():
        NOTE_WINDOW.window_changed(note)
        note.closes_at = CLOSES + timedelta(days=7)
        NOTE_WINDOW.window_changed(note)
        assert Reminder.objects.count() == 1 and _reminder(note).due_at == datetime(2027, 1, 21, 9, 0, tzinfo=UTC)
        note.closes_at = None
        NOTE_WINDOW.window_changed(note)
        assert not Reminder.objects.exists()


def test_no_reminder_when_it_closes_today_or_opens_only_after_the_day_before(workspace, manager):
    note = make_note(workspace, manager)
    on_the_day = datetime(2027, 1, 15, 8, 0, tzinfo=UTC)
    assert NOTE_WINDOW.reminder_due(note, on_the_day) is None
    late_on_the_eve = datetime(2027, 1, 14, 20, 0, tzinfo=UTC)
    assert NOTE_WINDOW.reminder_due(note, late_on_the_eve) == late_on_the_eve  # at once, still "tomorrow"
    note.opens_at = datetime(2027, 1, 15, 8, 0, tzinfo=UTC)
    assert NOTE_WINDOW.reminder_due(note, BEFORE) is None
