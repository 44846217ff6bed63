"""The workspace home as a dashboard, in a real browser: a manager's getting-started checklist
(ticked from the data, put away with a plain form POST), a contributor's "Waiting for you" (a
review due from them, a mention), each tool's newest items, and the cards stacked at 375 px.
axe-core runs on every page, and here no violation of any impact is let through."""

import datetime

import pytest
from django.utils import timezone

from documents.services.reviews import review_request
from documents.services.writing import document_write
from links.services import link_create
from wikis.services import page_create
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    workspace = make_workspace(name="Rail Reform", slug="rail",
                               organisation=make_organisation("Department for Transport", slug="dft"))
    manager, rita = make_user("maya@example.org", "Maya Manager"), make_user("rita@example.org", "Rita Reader")
    chris = make_user("chris@example.org", "Chris Contributor")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, rita, Role.READER)
    add_member(workspace, chris, Role.CONTRIBUTOR)
    return {"workspace": workspace, "manager": manager, "rita": rita, "chris": chris}


def _no_violations(axe_check, page):
    violations = axe_check(page).response["violations"]
    assert violations == [], [(v["id"], v["impact"]) for v in violations]


def test_a_manager_sees_the_checklist_ticked_and_puts_it_away(world, new_context, sign_in, visit, submit,
                                                              axe_check, shot):
    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, "/w/rail/")
    _no_violations(axe_check, page)
    checklist = page.get_by_role("region", name="Get this workspace started")
    assert checklist.locator(".checklist-done", has_text="Invite people").count() == 1  # Rita joined
    assert checklist.locator(".checklist-done", has_text="Set up teams").count() == 0
    assert page.get_by_text("You manage this workspace").count() == 1
    shot(page, "dashboard-manager-1280")
    submit(page, "Hide this list")
    assert page.url.endswith("/w/rail/")
    assert page.get_by_role("region", name="Get this workspace started").count() == 0
    _no_violations(axe_check, page)


def test_a_reviewer_sees_what_waits_for_them_and_what_is_new(world, new_context, sign_in, visit, axe_check,
                                                                shot):
    manager, workspace = world["manager"], world["workspace"]
    plan = document_write(actor=manager, workspace=workspace, title="Annual plan", text="The plan.")
    review_request(actor=manager, document=plan, reviewers=[world["chris"]],
                   due_on=timezone.localdate() + datetime.timedelta(days=3))
    page_create(actor=manager, workspace=workspace, title="Kick-off notes", text="Your view, @chris?")
    link_create(actor=manager, workspace=workspace, url="https://www.gov.uk/rail", title="Rail white paper")

    page = sign_in(new_context(viewport={"width": 375, "height": 800}), world["chris"]).new_page()
    visit(page, "/w/rail/")
    _no_violations(axe_check, page)
    waiting = page.get_by_role("region", name="Waiting for you")
    assert waiting.get_by_role("link", name="Annual plan").count() == 1
    assert "Your review is due on" in waiting.inner_text()
    assert "mentioned you" in waiting.inner_text()
    assert page.get_by_role("region", name="Links").get_by_role("link", name="Rail white paper").count() == 1
    assert page.get_by_role("region", name="Get this workspace started").count() == 0
    # At 375 px the cards stack: one column, nothing wider than the screen.
    boxes = [card.bounding_box() for card in page.locator(".dashboard-card").all()]
    assert len({round(box["x"]) for box in boxes}) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "dashboard-contributor-375")
    waiting.get_by_role("link", name="Kick-off notes").click()
    page.wait_for_url("**/wikis/**")
    axe_check(page)


def test_a_reader_sees_a_mention_waiting_and_reads_calmly_on_a_phone(world, new_context, sign_in, visit, axe_check,
                                                                      shot):
    manager, workspace = world["manager"], world["workspace"]
    page_create(actor=manager, workspace=workspace, title="Welcome", text="Glad you are here, @rita.")
    page = sign_in(new_context(viewport={"width": 375, "height": 800}), world["rita"]).new_page()
    visit(page, "/w/rail/")
    _no_violations(axe_check, page)
    waiting = page.get_by_role("region", name="Waiting for you")
    assert waiting.get_by_role("link", name="Welcome").count() == 1 and "mentioned you" in waiting.inner_text()
    assert page.get_by_text("You are a reader").count() == 1
    assert page.get_by_role("region", name="Get this workspace started").count() == 0
    shot(page, "dashboard-reader-375")
