"""The workspace home's "waiting for you": the registers where this person has reviews due,
actions overdue or acceptances to review, and (keepers) suggestions to triage."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from risks import home, services_risk
from risks.models import Risk

from .builders import make_register, make_risk

pytestmark = pytest.mark.django_db


def test_reviews_due_and_actions_overdue_of_this_person(workspace, manager, contributor, reader):
    register = make_register(workspace, manager, title="Programme risks")
    quiet = make_register(workspace, manager, title="Quiet risks")
    yesterday = timezone.localdate() - timedelta(days=1)
    for _ in range(2):
        risk = make_risk(register, manager, owner=contributor)
        Risk.objects.filter(pk=risk.pk).update(review_by=yesterday)
    services_risk.action_add(actor=manager, risk=risk, description="Call", owner=contributor, due_on=yesterday)
    services_risk.action_add(actor=manager, risk=risk, description="Later", owner=contributor,
                             due_on=timezone.localdate() + timedelta(days=5))
    make_risk(quiet, manager, owner=contributor)
    entries = home.waiting_for(contributor, workspace, 5)
    assert [(e.title, e.note) for e in entries] == [("Programme risks", "2 reviews due · 1 action overdue")]
    assert entries[0].url == register.get_absolute_url()
    assert home.waiting_for(reader, workspace, 5) == []
    assert home.waiting_for(AnonymousUser(), workspace, 5) == []


def test_keepers_see_suggestions_to_triage_and_approvers_acceptances_due(workspace, manager, contributor):
    register = make_register(workspace, manager, title="Programme risks")
    make_risk(register, contributor, stage="proposed")
    risk = make_risk(register, manager)
    acceptance = services_risk.accepted(actor=manager, risk=risk, justification="Cheap",
                                        review_by=timezone.localdate() + timedelta(days=5))
    type(acceptance).objects.filter(pk=acceptance.pk).update(review_by=timezone.localdate())
    notes = [e.note for e in home.waiting_for(manager, workspace, 5)]
    assert notes == ["1 acceptance to review · 1 suggestion to triage"]
    assert home.waiting_for(contributor, workspace, 5) == []  # suggested it, keeps nothing


def test_a_closed_risk_or_a_hidden_register_waits_for_nobody(workspace, manager, contributor):
    register = make_register(workspace, manager, view_access="managers")
    risk = make_risk(register, manager, owner=contributor)
    Risk.objects.filter(pk=risk.pk).update(review_by=timezone.localdate())
    assert home.waiting_for(contributor, workspace, 5) == []
