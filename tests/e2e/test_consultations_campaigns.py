"""The campaigns and download pages in a real browser: axe-clean at 1280 and 320 px wide (no
page wider than the screen); finding campaigns, confirming one and splitting a response out with
JavaScript off, by the buttons alone. Screenshots go to /tmp/shots-campaigns/."""

from pathlib import Path

import pytest

from consultations import campaigns
from consultations.models import Campaign, GroupingRun, Response
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from ..consultations.builders import make_consultation
from ..consultations.campaigns_helpers import acceptance_set

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-campaigns")


@pytest.fixture
def world():
    workspace = make_workspace(name="River Review", slug="river",
                               organisation=make_organisation("Environment Tests", slug="envt"))
    manager = make_user("maya@example.org", "Maya Manager")
    add_member(workspace, manager, Role.MANAGER)
    consultation = make_consultation(workspace, manager, stage="closed", title="Bathing water rules")
    responses = acceptance_set(consultation, manager)
    return {"workspace": workspace, "manager": manager, "consultation": consultation, "responses": responses}


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 320])
def test_every_page_is_axe_clean_and_fits_the_screen(world, new_context, sign_in, visit, width):
    consultation = world["consultation"]
    campaigns.group(consultation)
    campaign = Campaign.objects.get()
    base = f"/w/river/consultations/{consultation.pk}"
    pages = {f"{base}/campaigns/": "campaigns", f"{base}/campaigns/{campaign.pk}/": "campaign",
             f"{base}/exports/": "exports"}
    page = sign_in(new_context(viewport={"width": width, "height": 900}), world["manager"]).new_page()
    too_wide = {}
    for path, name in pages.items():
        visit(page, path)  # runs axe-core
        assert page.locator("h1").count() == 1, path
        used = page.evaluate("() => document.scrollingElement.scrollWidth")
        if used > width:
            too_wide[path] = used
        _shot(page, f"{name}-{width}")
    GroupingRun.objects.create(consultation=consultation, state="running", total=6, done=2)
    visit(page, f"{base}/campaigns/")
    assert page.get_by_role("status").first.is_visible()
    _shot(page, f"progress-{width}")
    assert not too_wide, f"pages wider than the {width}px screen: {too_wide}"


def test_find_confirm_and_split_without_javascript(world, new_context, sign_in, visit, submit, follow):
    consultation = world["consultation"]
    page = sign_in(new_context(java_script_enabled=False), world["manager"]).new_page()
    visit(page, f"/w/river/consultations/{consultation.pk}/campaigns/")
    submit(page, "Find campaigns")
    assert "6 responses, including 5 in 1 campaign" in page.content()
    follow(page, "Campaign: 5 responses")
    submit(page, "Confirm campaign")
    assert Campaign.objects.get().confirmed
    split = world["responses"][4]
    submit(page, f"Split out {split.public_id}")
    assert Response.objects.get(pk=split.pk).campaign_excluded
    assert "Campaign of 4 responses" in page.content()
