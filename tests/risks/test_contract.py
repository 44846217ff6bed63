"""The risk registers' contract: one matrix says what a score means; scores in range; status
moves validated; formal acceptance needs a justification and a review date; every change kept
and the register rebuilt "as at" a date; suggestions seen only by their suggester and keepers."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from risks import history, services
from risks.matrix import HIGH, LOW, MEDIUM, Matrix
from risks.models import Acceptance, Risk, RiskVersion, Status
from workspaces.permissions import can, visible, visible_to_many

from .builders import make_register, make_risk

pytestmark = pytest.mark.django_db


def test_the_default_matrix_bands_and_says_each_level_in_words():
    matrix = Matrix()
    assert [matrix.band(score) for score in (1, 6, 7, 19, 20, 25)] == [LOW, LOW, MEDIUM, MEDIUM, HIGH, HIGH]
    assert matrix.cell(4, 5).text == "20 (High)"
    assert len(matrix.rows()) == 5 and matrix.rows()[0][0].likelihood == 5
    assert matrix.band_range("medium") == (7, 19)
    with pytest.raises(ValidationError):
        Matrix(size=5, low_max=10, medium_max=8).validate()


def test_a_financial_risk_above_its_cautious_appetite_is_outside_it(workspace, manager):
    register = make_register(workspace, manager)
    risk = make_risk(register, manager, category="Financial", current=(3, 4))
    assert risk.category.max_score == 9 and risk.current_score == 12 and risk.outside_appetite
    calm = make_risk(register, manager, category="Financial", current=(3, 3))
    assert not calm.outside_appetite


def test_scores_out_of_range_are_refused_by_field_and_by_the_database(workspace, manager):
    register = make_register(workspace, manager)
    with pytest.raises(ValidationError) as refused:
        services.risk_create(actor=manager, register=register, title="Flood", scores={"inherent": (6, 1),
                                                                                       "current": (0, 2)})
    assert set(refused.value.message_dict) == {"inherent_likelihood", "current_likelihood"}
    assert not Risk.objects.exists()
    risk = make_risk(register, manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(current_impact=7)


def test_status_moves_are_validated_and_reopening_needs_a_reason(workspace, manager):
    risk = make_risk(make_register(workspace, manager), manager)
    with pytest.raises(ValidationError, match="cannot be moved"):
        services.move(actor=manager, risk=risk, to=Status.PROPOSED)
    services.move(actor=manager, risk=risk, to=Status.CLOSED)
    with pytest.raises(ValidationError) as refused:
        services.move(actor=manager, risk=risk, to=Status.OPEN)
    assert "reason" in refused.value.message_dict
    reopened = services.move(actor=manager, risk=risk, to=Status.OPEN, reason="The supplier failed again")
    assert reopened.status == Status.OPEN
    assert list(RiskVersion.objects.filter(risk=risk).values_list("kind", flat=True)) == [
        "created", "status", "status"]


def test_acceptance_without_justification_or_review_date_is_refused(workspace, manager):
    risk = make_risk(make_register(workspace, manager), manager)
    with pytest.raises(ValidationError) as refused:
        services.accept(actor=manager, risk=risk, justification=" ", review_by=None)
    assert set(refused.value.message_dict) == {"justification", "review_by"}
    assert not Acceptance.objects.exists()
    review = timezone.localdate() + timedelta(days=90)
    acceptance = services.accept(actor=manager, risk=risk, justification="Cheaper to bear", review_by=review)
    assert acceptance.approver == manager and Risk.objects.get(pk=risk.pk).response == "tolerate"


def test_as_at_rebuilds_the_register_from_its_history(workspace, manager):
    register = make_register(workspace, manager)
    march = timezone.make_aware(datetime(2027, 3, 1, 12))
    risk = services.risk_create(actor=manager, register=register, title="Supplier fails",
                                scores={"inherent": (4, 5), "current": (4, 4)}, now=march)
    services.risk_update(actor=manager, risk=risk, scores={"inherent": (4, 5), "current": (2, 4)},
                         now=march + timedelta(days=20))
    services.move(actor=manager, risk=risk, to=Status.CLOSED, now=timezone.make_aware(datetime(2027, 4, 1, 9)))
    end_of_march = timezone.make_aware(datetime(2027, 3, 31, 23, 59))
    state = history.as_at(register, end_of_march)[risk.pk]
    assert (state["status"], state["current_likelihood"], state["current_impact"]) == ("open", 2, 4)
    assert history.as_at(register, march - timedelta(days=1)) == {}


def test_a_suggestion_is_seen_by_its_suggester_and_the_keepers_only(workspace, manager, contributor, reader):
    register = make_register(workspace, manager)
    open_risk = make_risk(register, manager)
    proposed = make_risk(register, contributor, stage="proposed")
    assert proposed.status == Status.PROPOSED and proposed.current_score is None
    for user, sees in ((manager, True), (contributor, True), (reader, False)):
        assert can(user, "risks.view_risk", proposed) is sees
        assert set(visible(user, Risk.objects.all(), within=workspace)) == ({open_risk, proposed} if sees
                                                                             else {open_risk})
    pairs = visible_to_many([manager, contributor, reader], Risk.objects.filter(pk=proposed.pk))
    assert pairs == {(manager.pk, proposed.pk), (contributor.pk, proposed.pk)}
    assert can(manager, "risks.triage_risk", proposed) and not can(contributor, "risks.triage_risk", proposed)


def test_who_may_change_a_risk(workspace, manager, contributor, reader):
    register = make_register(workspace, manager)
    risk = make_risk(register, manager, owner=contributor)
    assert can(manager, "risks.change_risk", risk)
    assert can(contributor, "risks.change_risk", risk)  # its owner
    assert not can(reader, "risks.change_risk", risk)
    assert can(manager, "risks.approve_risk", risk) and not can(contributor, "risks.approve_risk", risk)
    assert can(contributor, "risks.suggest_register", register) and not can(reader, "risks.suggest_register", register)
    assert not can(contributor, "risks.write_register", register)  # kept by managers (change access)
