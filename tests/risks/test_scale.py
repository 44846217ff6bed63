"""The scale seed's risk register at size S: 20 risks with 2–4 versions each over the past year,
some actions, numbered so that the next risk added follows them; and pages for the load script."""

import random

from django.test import Client
from django.utils import timezone

from risks import services
from risks.models import Action, Register, Risk, RiskVersion
from risks.scale import TITLE, bench_pages, risk_count, seed_scale
from workspaces.scale import SIZES, ScaleContext


def test_the_sizes_ask_for_20_risks_at_s_and_500_at_l():
    assert risk_count(SIZES["S"]) == 20 and risk_count(SIZES["L"]) == 500


def test_the_seed_writes_the_register_its_risks_versions_and_actions(workspace, manager, contributor):
    ctx = ScaleContext(size=SIZES["S"], rng=random.Random(1), now=timezone.now(), organisation=workspace.organisation,
                       workspace=workspace, small_workspaces=[], demo={manager.email: manager},
                       staff_ids=[manager.pk, contributor.pk], stakeholder_ids=[], team_ids=[])
    seed_scale(ctx)
    seed_scale(ctx)  # a second run adds nothing
    register = Register.objects.get(workspace=workspace, title=TITLE)
    risks = Risk.objects.filter(register=register)
    assert risks.count() == 20
    per_risk = {risk.pk: risk.versions.count() for risk in risks}
    assert all(2 <= n <= 4 for n in per_risk.values())
    assert all(risk.version == per_risk[risk.pk] for risk in risks)
    assert RiskVersion.objects.filter(register=register).count() == sum(per_risk.values())
    assert all(risk.current_score == risk.current_likelihood * risk.current_impact for risk in risks)
    assert Action.objects.filter(risk__register=register).exists()
    added = services.risk_create(actor=manager, register=register, title="After the seed",
                                 scores={"inherent": (2, 2), "current": (1, 1)})
    assert added.number == 21
    client = Client()
    client.force_login(manager)
    pages = bench_pages(workspace)
    assert pages
    for _name, path in pages:
        assert client.get(path).status_code == 200
