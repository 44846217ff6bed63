"""Drafts in a real browser (workspaces.kit.drafts): typing in the wiki's editor saves a draft
without moving the focus, and reloading the page offers it back — accessible (axe) both ways."""

import pytest

from wikis.models import Page
from wikis.services import page_create
from workspaces.models import Draft, Role

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EDIT = "/w/housing/wikis/delivery-plan/edit/"


@pytest.fixture
def contributor():
    workspace = make_workspace(name="Housing Standards Review", slug="housing",
                               organisation=make_organisation("Department for Levelling", slug="dfl"))
    manager, contributor = make_user("maya@example.org", "Maya Manager"), make_user("chris@example.org", "Chris")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, contributor, Role.CONTRIBUTOR)
    page_create(actor=manager, workspace=workspace, title="Delivery plan", text="# Aims\n\nWe improve housing.\n")
    return contributor


def test_typing_saves_a_draft_and_reloading_offers_it_back(contributor, new_context, sign_in, visit, axe_check,
                                                          submit, shot):
    page = sign_in(new_context(), contributor).new_page()
    visit(page, EDIT)
    box = page.get_by_label("Text")
    box.click()
    box.press("End")
    box.press_sequentially("\n\n# Risks\n\nFlooding in the east.")
    status = page.locator("#wiki-draft-status")
    status.filter(has_text="Draft saved").wait_for()
    assert page.evaluate("document.activeElement.name") == "text"  # the save never took the focus
    assert Draft.objects.get(user=contributor).text.endswith("# Risks\n\nFlooding in the east.")
    axe_check(page)
    shot(page, "wiki-draft-saved")

    visit(page, EDIT)  # reload: a new page load, as after closing the tab
    notice = page.locator("#wiki-draft-notice")
    assert "You have an unsaved draft from" in notice.inner_text() and "It is in the box below." in notice.inner_text()
    assert page.get_by_label("Text").input_value().endswith("# Risks\n\nFlooding in the east.")
    assert Page.objects.get(slug="delivery-plan").version == 1  # a draft is not a save
    shot(page, "wiki-draft-offered")

    submit(page, "Discard the draft")
    assert "The draft has been discarded." in page.locator(".messages").inner_text()
    assert page.get_by_label("Text").input_value() == "# Aims\n\nWe improve housing.\n"
    assert not Draft.objects.exists()
