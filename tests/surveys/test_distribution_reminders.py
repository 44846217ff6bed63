"""Survey reminders through the core reminders, personalised when they go out: who has not
started hears "you haven't responded", who started and did not finish gets the way back,
who completed nothing (decided at sending, not scheduling), and nobody more than 3."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.reminders import send_due
from surveys import distribution
from surveys.models import Participation, ReminderRun
from workspaces.models import OutboundEmail

from .builders import SAMPLE_PAGES, fresh, make_survey
from .distribution_people import many_members, participations


@pytest.fixture
def survey(workspace, manager):
    return make_survey(workspace, manager, pages=SAMPLE_PAGES, title="Travel to the events")


def send_now(at=None):
    at = at or timezone.now() + timedelta(days=30)
    with time_machine.travel(at):
        return send_due(at)


def mails():
    return OutboundEmail.objects.filter(kind="reminder")


def test_a_reminder_reaches_each_who_has_not_finished_with_their_own_text(survey, workspace, manager):
    people = many_members(workspace, 1000)
    done, partial, waiting = people[:400], people[400:500], people[500:]
    participations(survey, done, completed=True)
    participations(survey, partial, started=True)
    participations(survey, waiting)
    distribution.reminder_add(actor=manager, survey=survey, due_at=timezone.now() + timedelta(hours=1))

    assert send_now(timezone.now() + timedelta(hours=2)) == 1
    rows = list(mails().values_list("recipient_id", "subject", "payload"))
    assert len(rows) == 600
    by_person = {user_id: (subject, payload) for user_id, subject, payload in rows}
    assert not {u.pk for u in done} & set(by_person)
    assert {by_person[u.pk][0] for u in waiting} == {"You haven't responded to “Travel to the events” – Test programme"}
    assert {by_person[u.pk][0] for u in partial} == {"Finish your response to “Travel to the events” – Test programme"}
    assert {by_person[u.pk][1]["url"] for u in partial} == {survey.get_absolute_url() + "?continue=1"}
    assert {by_person[u.pk][1]["url"] for u in waiting} == {survey.get_absolute_url()}

    counted = dict(Participation.objects.filter(survey=survey).values_list("user_id", "reminders_sent"))
    assert {counted[u.pk] for u in done} == {0} and {counted[u.pk] for u in partial + waiting} == {1}
    run = ReminderRun.objects.get(survey=survey)
    assert (run.not_started, run.unfinished) == (500, 100)
    assert send_now() == 0 and mails().count() == 600  # each reminder once


def test_who_is_due_is_decided_when_the_reminder_goes_out(survey, workspace, manager, reader, contributor):
    participations(survey, [reader, contributor])
    distribution.reminder_add(actor=manager, survey=survey, due_at=timezone.now() + timedelta(hours=1))
    Participation.objects.filter(user=reader).update(started_at=timezone.now(), completed_at=timezone.now())
    send_now()
    assert list(mails().values_list("recipient__email", flat=True)) == ["contributor@example.org"]


def test_nobody_gets_more_than_three_and_a_fourth_is_refused_when_everyone_has_had_them(
        survey, workspace, manager, reader, contributor):
    participations(survey, [reader], reminders_sent=3)
    participations(survey, [contributor], reminders_sent=2)
    distribution.reminder_add(actor=manager, survey=survey, due_at=timezone.now() + timedelta(hours=1))
    send_now()
    assert list(mails().values_list("recipient__email", flat=True)) == ["contributor@example.org"]
    assert Participation.objects.get(user=contributor).reminders_sent == 3

    with pytest.raises(ValidationError) as refused:
        distribution.reminder_add(actor=manager, survey=survey, due_at=timezone.now() + timedelta(days=1))
    assert refused.value.message_dict["due_at"] == [
        "Everyone who has not finished has had 3 reminders: the most anyone gets."]


def test_a_closed_survey_reminds_nobody(survey, workspace, manager, reader):
    participations(survey, [reader])
    distribution.reminder_add(actor=manager, survey=survey, due_at=timezone.now() + timedelta(hours=1))
    type(survey).objects.filter(pk=survey.pk).update(closes_at=timezone.now() + timedelta(hours=3))
    send_now()  # a month on: closed
    assert not mails().exists()


def test_a_reminder_only_reaches_those_who_may_still_see_the_survey(survey, workspace, manager, reader, contributor):
    participations(survey, [reader, contributor])
    type(survey).objects.filter(pk=survey.pk).update(view_access="managers")
    distribution.reminder_add(actor=manager, survey=survey, due_at=timezone.now() + timedelta(hours=1))
    send_now()
    assert not mails().exists()


def test_the_schedule_can_be_moved_and_cancelled_but_not_into_the_past(survey, manager):
    soon = timezone.now() + timedelta(days=2)
    reminder = distribution.reminder_add(actor=manager, survey=survey, due_at=soon)
    distribution.reminder_move(actor=manager, survey=survey, key=reminder.key, due_at=soon + timedelta(days=1))
    assert [r.due_at for r in distribution.scheduled(survey)] == [soon + timedelta(days=1)]
    with pytest.raises(ValidationError, match="future"):
        distribution.reminder_move(actor=manager, survey=survey, key=reminder.key,
                                   due_at=timezone.now() - timedelta(hours=1))
    distribution.reminder_cancel(actor=manager, survey=survey, key=reminder.key)
    assert distribution.scheduled(survey) == []
    with pytest.raises(ValidationError, match="already gone out or been cancelled"):
        distribution.reminder_cancel(actor=manager, survey=survey, key=reminder.key)


def test_a_reminder_after_closing_is_refused(workspace, manager):
    closes = timezone.now() + timedelta(days=5)
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES, closes_at=closes)
    with pytest.raises(ValidationError, match="a reminder after that would reach nobody"):
        distribution.reminder_add(actor=manager, survey=survey, due_at=closes + timedelta(hours=1))


def test_the_default_schedule_is_days_3_and_7_and_the_day_before_closing(workspace, manager):
    closes = timezone.now() + timedelta(days=20)
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES, closes_at=closes)
    opened = fresh(survey).live_version.published_at
    assert distribution.default_times(fresh(survey)) == [
        opened + timedelta(days=3), opened + timedelta(days=7), closes - timedelta(days=1)]
    short = make_survey(workspace, manager, pages=SAMPLE_PAGES, closes_at=timezone.now() + timedelta(days=4))
    assert distribution.default_times(fresh(short)) == [fresh(short).closes_at - timedelta(days=1)]


def test_the_two_texts_arrive_as_mail(survey, workspace, manager, reader, contributor,
                                      django_capture_on_commit_callbacks):
    from django.core import mail

    participations(survey, [reader])
    participations(survey, [contributor], started=True)
    distribution.reminder_add(actor=manager, survey=survey, due_at=timezone.now() + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        send_now(timezone.now() + timedelta(hours=2))
    sent = {m.to[0]: m for m in mail.outbox}
    assert "You haven't responded" in sent["reader@example.org"].subject
    assert "Finish your response" in sent["contributor@example.org"].subject
    assert "?continue=1" in sent["contributor@example.org"].body
    assert "?continue=1" not in sent["reader@example.org"].body
