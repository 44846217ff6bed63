"""The lifecycle part's services and pages: publish with the period check, withdraw before it
opens, extend the close date (the due date, the reminders, the respondents' email), start the
analysis; and the acceptance checks of USER-NEEDS §3.2 (the due date, its reminder, overdue on
the home; a 4-week period over Christmas needs a reason, shown in the audit log)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations import due, home, staff
from consultations.models import Consultation, Status
from workspaces.models import Activity, AuditEntry, OutboundEmail, Reminder

from .builders import make_consultation, make_response

LONDON = ZoneInfo("Europe/London")


def at(*args):
    return datetime(*args, tzinfo=LONDON)


def url(name, consultation):
    return reverse(f"consultations:{name}", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk})


def draft(workspace, manager, opens_at, closes_at, **extra):
    consultation = make_consultation(workspace, manager, stage="draft", **extra)
    Consultation.objects.filter(pk=consultation.pk).update(opens_at=opens_at, closes_at=closes_at)
    return Consultation.objects.get(pk=consultation.pk)


# --- The acceptance checks ---------------------------------------------------------------------


def test_closing_on_1_march_expects_a_response_by_24_may_reminds_on_10_may_and_is_overdue_on_25_may(
        workspace, manager, reader):
    with time_machine.travel(at(2027, 1, 2, 10), tick=False):
        consultation = draft(workspace, manager, at(2027, 1, 4, 9), at(2027, 3, 1, 17))
        staff.publish(actor=manager, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.response_due_on.isoformat() == "2027-05-24"
    reminder = Reminder.objects.get(key=due.reminder_key(consultation))
    assert reminder.due_at.astimezone(LONDON).date().isoformat() == "2027-05-10"
    assert reminder.audience == "managers"
    assert "24 May 2027" in reminder.subject
    with time_machine.travel(at(2027, 3, 2, 10), tick=False):
        staff.start_analysis(actor=manager, consultation=consultation)
    on_24 = home.waiting_for(manager, workspace, 5, now=at(2027, 5, 24, 12))
    assert not [e for e in on_24 if "overdue" in e.note]
    on_25 = home.waiting_for(manager, workspace, 5, now=at(2027, 5, 25, 9))
    assert [e.note for e in on_25] == ["Response overdue since 24 May"]
    assert home.waiting_for(reader, workspace, 5, now=at(2027, 5, 25, 9)) == []  # readers run nothing


def test_a_four_week_period_over_christmas_needs_a_reason_shown_in_the_audit_log(as_user, workspace, manager):
    client = as_user(manager)
    with time_machine.travel(at(2026, 12, 1, 10), tick=False):
        consultation = draft(workspace, manager, at(2026, 12, 10, 9), at(2027, 1, 7, 17))
        page = client.get(url("manage", consultation))
        assert "The period is 4 weeks, shorter than the 6 weeks expected." in page.content.decode()
        assert "Christmas" in page.content.decode()
        refused = client.post(url("publish", consultation), {"period_reason": ""})
        assert refused.status_code == 200
        assert "Say why" in refused.context["form"].errors["period_reason"][0]
        assert Consultation.objects.get(pk=consultation.pk).status == Status.DRAFT
        done = client.post(url("publish", consultation), {"period_reason": "The regulations start on 1 April."})
        assert done.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Status.LIVE and consultation.period_reason == "The regulations start on 1 April."
    entry = AuditEntry.objects.get(action="consultation.period_reason", target_id=str(consultation.pk))
    assert entry.after["reason"] == "The regulations start on 1 April."
    log = client.get(reverse("audit_log", args=[workspace.slug]))
    assert "The regulations start on 1 April." in log.content.decode()


# --- Publishing and withdrawing ----------------------------------------------------------------


def test_publish_needs_dates_and_refuses_a_live_one(workspace, manager):
    consultation = draft(workspace, manager, None, None)
    with pytest.raises(ValidationError):
        staff.publish(actor=manager, consultation=consultation)
    live = make_consultation(workspace, manager)
    with pytest.raises(ValidationError, match="already published"):
        staff.publish(actor=manager, consultation=live)


def test_withdraw_only_before_it_opens(as_user, workspace, manager):
    scheduled = make_consultation(workspace, manager, stage="scheduled")
    due.schedule(scheduled)
    client = as_user(manager)
    assert client.post(url("withdraw", scheduled)).status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.status == Status.DRAFT and scheduled.response_due_on is None
    assert not Reminder.objects.filter(key=due.reminder_key(scheduled)).exists()
    opened = make_consultation(workspace, manager)
    response = client.post(url("withdraw", opened), follow=True)
    assert "can no longer be withdrawn" in response.content.decode()
    assert Consultation.objects.get(pk=opened.pk).status == Status.LIVE


# --- Extending the close date ------------------------------------------------------------------


def test_extend_moves_the_dates_and_tells_people(workspace, manager, reader, contributor):
    consultation = make_consultation(workspace, manager)
    make_response(consultation, reader, comments=[("1", 1, "Fine.")])
    make_response(consultation, contributor, submitted=False, comments=[("1", 2, "Draft.")])
    make_response(consultation, None, channel="letter", entered_by=manager)
    new_close = consultation.closes_at + timedelta(weeks=2)
    staff.extend(actor=manager, consultation=consultation, closes_at=new_close, reason="Councils asked for time.")
    consultation.refresh_from_db()
    assert consultation.closes_at == new_close
    assert consultation.response_due_on == consultation.due_from(new_close)
    assert Reminder.objects.get(key=due.reminder_key(consultation)).due_at.date() == (
        consultation.response_due_on - timedelta(days=14))
    entry = AuditEntry.objects.get(action="consultation.close_extended")
    assert entry.after["reason"] == "Councils asked for time."
    assert Activity.objects.filter(verb="consultations.close_extended", target_id=consultation.pk).exists()
    mails = OutboundEmail.objects.filter(kind="consultations.close_extended")
    assert sorted(mails.values_list("recipient_id", flat=True)) == sorted([reader.pk, contributor.pk])


def test_extend_refuses_an_earlier_date_and_asks_a_reason_next_to_the_fields(as_user, workspace, manager):
    consultation = make_consultation(workspace, manager)
    client = as_user(manager)
    earlier = (consultation.closes_at - timedelta(days=1)).astimezone(LONDON).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url("extend", consultation), {"closes_at": earlier, "reason": "More time."})
    assert response.status_code == 200
    assert "later than the current one" in response.context["form"].errors["closes_at"][0]
    assert 'value="More time."' in response.content.decode() or "More time." in response.content.decode()
    response = client.post(url("extend", consultation), {"closes_at": "not a date", "reason": ""})
    assert set(response.context["form"].errors) == {"closes_at", "reason"}
    assert Consultation.objects.get(pk=consultation.pk).closes_at == consultation.closes_at


def test_extend_into_august_records_the_finding_with_the_reason(workspace, manager):
    with time_machine.travel(at(2027, 6, 1, 10), tick=False):
        consultation = make_consultation(workspace, manager)  # opened a week ago, closes in 8 weeks
        staff.extend(actor=manager, consultation=consultation, closes_at=at(2027, 8, 20, 17),
                     reason="The summer shows.")
    consultation.refresh_from_db()
    assert consultation.period_reason == "The summer shows."
    entry = AuditEntry.objects.get(action="consultation.close_extended")
    assert any("August" in problem for problem in entry.after["problems"])


# --- The analysis -----------------------------------------------------------------------------


def test_start_analysis_only_once_closed(as_user, workspace, manager):
    client = as_user(manager)
    opened = make_consultation(workspace, manager)
    client.post(url("start_analysis", opened))
    assert Consultation.objects.get(pk=opened.pk).status == Status.LIVE
    closed = make_consultation(workspace, manager, stage="closed")
    assert client.post(url("start_analysis", closed)).status_code == 302
    assert Consultation.objects.get(pk=closed.pk).status == Status.ANALYSING


@pytest.mark.parametrize("stage, shown, hidden", [
    ("draft", ["Publish the consultation"], ["Withdraw to draft", "Start the analysis"]),
    ("scheduled", ["Withdraw to draft", "Extend the close date"], ["Publish the consultation"]),
    ("open", ["Extend the close date"], ["Withdraw to draft", "Start the analysis"]),
    ("closed", ["Start the analysis", "Extend the close date"], ["Withdraw to draft"]),
    ("analysing", [], ["Extend the close date", "Start the analysis", "Publish the consultation"]),
    ("published", [], ["Extend the close date", "Start the analysis", "Publish the consultation"]),
])
def test_the_manage_page_offers_the_actions_of_the_stage(as_user, workspace, manager, stage, shown, hidden):
    consultation = make_consultation(workspace, manager, stage=stage)
    page = as_user(manager).get(url("manage", consultation)).content.decode()
    assert consultation.stage().label in page
    for words in shown:
        assert f">{words}</button>" in page
    for words in hidden:
        assert f">{words}</button>" not in page


def test_the_manage_page_costs_the_same_queries_at_two_sizes(as_user, workspace, manager, reader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    consultation = make_consultation(workspace, manager, stage="closed")
    client = as_user(manager)
    counts = []
    for n in (1, 10):
        for _ in range(n - (1 if counts else 0)):
            make_response(consultation, None, channel="letter", entered_by=manager)
        client.get(url("manage", consultation))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("manage", consultation)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
