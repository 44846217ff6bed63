"""A risk's reminders: the owner 7 days before the review and on the day; an action's owner 3
days before it is due; the approver 7 days before an acceptance's review date — each at 09:00
site time, to that person only; moved when the dates move, cancelled when the reason goes."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from risks import reminders, services_risk
from risks.models import Status
from workspaces.models import Reminder

from .builders import make_register, make_risk

pytestmark = pytest.mark.django_db


def _at_nine(day):
    return datetime.combine(day, time(9), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _reminder(key):
    return Reminder.objects.filter(key=key, sent_at__isnull=True).first()


@pytest.fixture
def register(workspace, manager):
    return make_register(workspace, manager)


def test_the_owner_is_reminded_a_week_before_the_review_and_on_the_day(register, manager, contributor):
    review_by = timezone.localdate() + timedelta(days=30)
    risk = services_risk.create(actor=manager, register=register, title="Flood", owner=contributor,
                                scores={"inherent": (4, 4), "current": (3, 3)}, review_by=review_by)
    soon, due = _reminder(f"risks.review_soon:{risk.pk}"), _reminder(f"risks.review_due:{risk.pk}")
    assert soon.due_at == _at_nine(review_by - timedelta(days=7)) and due.due_at == _at_nine(review_by)
    assert soon.recipients == [contributor.pk] and soon.audience == Reminder.Audience.RECIPIENTS
    assert soon.url == risk.get_absolute_url() and "Flood" in soon.subject and soon.target_id == risk.pk
    later = review_by + timedelta(days=14)
    services_risk.update(actor=manager, risk=risk, review_by=later)
    assert _reminder(f"risks.review_due:{risk.pk}").due_at == _at_nine(later)  # moved
    services_risk.update(actor=manager, risk=risk, owner=manager)
    assert _reminder(f"risks.review_due:{risk.pk}").recipients == [manager.pk]
    services_risk.moved(actor=manager, risk=risk, to=Status.CLOSED)
    assert _reminder(f"risks.review_soon:{risk.pk}") is None and _reminder(f"risks.review_due:{risk.pk}") is None


def test_a_review_reschedules_and_a_moment_past_is_not_scheduled(register, manager, contributor):
    risk = make_risk(register, manager, owner=contributor)
    services_risk.review(actor=manager, risk=risk, review_by=timezone.localdate() + timedelta(days=3))
    assert _reminder(f"risks.review_soon:{risk.pk}") is None  # 7 days before is already past
    assert _reminder(f"risks.review_due:{risk.pk}").due_at == _at_nine(timezone.localdate() + timedelta(days=3))


def test_an_actions_owner_is_reminded_three_days_before_it_is_due(register, manager, contributor):
    risk = make_risk(register, manager)
    due = timezone.localdate() + timedelta(days=20)
    action = services_risk.action_add(actor=manager, risk=risk, description="Second supplier", owner=contributor,
                                      due_on=due)
    reminder = _reminder(f"risks.action_due:{action.pk}")
    assert reminder.due_at == _at_nine(due - timedelta(days=3)) and reminder.recipients == [contributor.pk]
    services_risk.action_done(actor=manager, action=action)
    assert _reminder(f"risks.action_due:{action.pk}") is None
    services_risk.action_reopen(actor=manager, action=action)
    assert _reminder(f"risks.action_due:{action.pk}") is not None
    services_risk.moved(actor=manager, risk=risk, to=Status.CLOSED)
    assert _reminder(f"risks.action_due:{action.pk}") is None
    services_risk.action_add(actor=manager, risk=risk, description="Nobody's", due_on=due)
    assert not Reminder.objects.filter(key__startswith="risks.action_due:", sent_at__isnull=True).exists()


def test_the_approver_is_reminded_a_week_before_the_acceptance_is_reviewed(register, manager):
    risk = make_risk(register, manager)
    review_by = date.today() + timedelta(days=90)
    acceptance = services_risk.accepted(actor=manager, risk=risk, justification="Cheap", review_by=review_by)
    reminder = _reminder(f"risks.acceptance_review:{acceptance.pk}")
    assert reminder.due_at == _at_nine(review_by - timedelta(days=7)) and reminder.recipients == [manager.pk]
    services_risk.acceptance_end(actor=manager, risk=risk, reason="Treated")
    assert _reminder(f"risks.acceptance_review:{acceptance.pk}") is None


def test_the_keys_are_the_documented_ones(register, manager):
    risk = make_risk(register, manager)
    assert reminders.review_soon_key(risk) == f"risks.review_soon:{risk.pk}"
    assert reminders.action_key(5) == "risks.action_due:5" and reminders.acceptance_key(6) == \
        "risks.acceptance_review:6"
