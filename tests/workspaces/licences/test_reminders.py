"""Expiry reminders (Celery beat, daily): org admins before a pool ends, licensees before their
access ends; each sent once through the outbox, whatever the number of runs or duplicate tasks."""

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from tests.builders import make_user
from workspaces import mail as outbox
from workspaces.licences.services import licence_release, pool_update
from workspaces.models import EmailStatus, Licence, LicencePool, OutboundEmail
from workspaces.tasks import send_licence_reminders, sweep_outbox

from .conftest import license, make_pool

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
ENDS = date(2027, 6, 30)


def at(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 7, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def ending(organisation, org_admin):
    with at(date(2027, 1, 1)):
        pool = make_pool(organisation, label="Ends in June", seats=5, valid_from=date(2027, 1, 1), valid_until=ENDS)
        for email in ("ann@example.org", "bob@example.org"):
            license(pool, make_user(email))
        license(pool, "kept@example.org")  # no account yet: nobody to remind
    return pool


def sent_to():
    return sorted(tuple(message.to) for message in mail.outbox)


def test_the_task_is_scheduled_daily_by_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["licence-reminders"]
    assert entry["task"] == "workspaces.tasks.send_licence_reminders" == send_licence_reminders.name


def test_nothing_is_sent_before_the_reminder_window(ending):
    with at(ENDS - timedelta(days=settings.ENGAGE_LICENCE_REMINDER_DAYS + 1)):
        send_licence_reminders()
    assert mail.outbox == []


def test_admins_and_licensees_are_reminded_once_each(ending):
    with at(ENDS - timedelta(days=settings.ENGAGE_LICENCE_REMINDER_DAYS)):
        send_licence_reminders()
        send_licence_reminders()  # a second run, or beat firing twice
    assert sent_to() == [("ann@example.org",), ("bob@example.org",), ("orgadmin@example.org",)]
    admin_mail = next(m for m in mail.outbox if m.to == ["orgadmin@example.org"])
    assert "“Ends in June” ends on 30 Jun 2027" in admin_mail.subject
    assert "3 of its 5 seats are in use" in admin_mail.body and "/o/dot/licences/" in admin_mail.body
    ann = next(m for m in mail.outbox if m.to == ["ann@example.org"])
    assert "ends on 30 Jun 2027" in ann.body and "Olga Orgadmin (orgadmin@example.org)" in ann.body
    with at(ENDS - timedelta(days=3)):
        send_licence_reminders()
    assert len(mail.outbox) == 3


def test_the_window_follows_the_setting(ending, settings):
    settings.ENGAGE_LICENCE_REMINDER_DAYS = 30
    with at(ENDS - timedelta(days=30)):
        send_licence_reminders()
    assert len(mail.outbox) == 3


def test_a_duplicate_task_for_the_same_rows_sends_nothing_more(ending):
    with at(ENDS - timedelta(days=5)):
        send_licence_reminders()
        ids = list(OutboundEmail.objects.values_list("pk", flat=True))
        outbox.send_emails.apply(args=[ids])
        outbox.send_emails.apply(args=[ids])
    assert len(mail.outbox) == 3


def test_two_runs_claiming_the_same_reminders_write_and_send_each_once(ending):
    with at(ENDS - timedelta(days=5)):
        send_licence_reminders()
        # A second run that claimed the same pool and licences at the same moment.
        LicencePool.objects.update(reminder_sent_at=None)
        Licence.objects.update(reminder_sent_at=None)
        send_licence_reminders()
    rows = OutboundEmail.objects.filter(kind__in=["licence_pool_expiring", "licence_expiring"])
    assert sorted(rows.values_list("status", flat=True)) == [EmailStatus.SENT] * 3
    assert sent_to() == [("ann@example.org",), ("bob@example.org",), ("orgadmin@example.org",)]


def test_released_licences_and_ended_pools_get_no_reminder(ending):
    licence_release(actor=None, licence=Licence.objects.get(email="ann@example.org"))
    with at(ENDS + timedelta(days=1)):
        send_licence_reminders()
    assert mail.outbox == []
    with at(ENDS - timedelta(days=1)):
        send_licence_reminders()
    assert ("ann@example.org",) not in sent_to()


def test_extending_a_pool_reminds_again_before_the_new_end(ending):
    with at(ENDS - timedelta(days=10)):
        send_licence_reminders()
        pool_update(actor=None, pool=LicencePool.objects.get(pk=ending.pk), valid_until=date(2027, 12, 31))
        send_licence_reminders()
    assert len(mail.outbox) == 3
    with at(date(2027, 12, 31) - timedelta(days=10)):
        send_licence_reminders()
    assert len(mail.outbox) == 6


def test_a_failed_send_is_retried_later_not_lost(ending):
    # The SMTP server is down, and the task's retry (a broker's job, with back-off) is lost too.
    with at(ENDS - timedelta(days=5)), \
            mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")), \
            mock.patch.object(outbox.send_emails, "retry", side_effect=RuntimeError("retry lost")):
        send_licence_reminders()
    assert mail.outbox == []
    assert OutboundEmail.objects.filter(status=EmailStatus.PENDING).count() == 3
    with at(ENDS - timedelta(days=4)):
        send_licence_reminders()  # claimed already: nothing new
        sweep_outbox()  # beat's sweep queues what waits
    assert len(mail.outbox) == 3


def test_other_pools_are_left_alone(organisation, org_admin, ending):
    with at(date(2027, 1, 1)):
        later = make_pool(organisation, label="Ends next year", valid_from=date(2027, 1, 1),
                          valid_until=date(2028, 6, 30))
        license(later, make_user("cai@example.org"))
    with at(ENDS - timedelta(days=5)):
        send_licence_reminders()
    assert ("cai@example.org",) not in sent_to()
    assert LicencePool.objects.get(pk=later.pk).reminder_sent_at is None
