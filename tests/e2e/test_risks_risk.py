"""Editing a risk's current score in a real browser, at 320 px, by keyboard alone: Tab to "Edit
risk", Enter; Tab to the current likelihood's select, an arrow key to the next label; Tab to
"Save the risk", Enter; the page then says the new score and its level in words, and the
timeline says before → after. axe clean on every page, nothing wider than the screen."""

import pytest

from risks.models import Risk
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from ..risks.builders import make_register, make_risk
from .test_forums import _tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 320, "height": 640}}


def _tab_to_id(page, element_id, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_edit_the_current_score_by_keyboard_alone(new_context, sign_in, visit, axe_check, shot):
    workspace = make_workspace(name="River path", slug="river",
                               organisation=make_organisation("Department for Rivers", slug="dfr"))
    manager = make_user("maya@example.org", "Maya Manager")
    add_member(workspace, manager, Role.MANAGER)
    register = make_register(workspace, manager, title="Programme risks")
    risk = make_risk(register, manager, title="Supplier fails", category="Financial", current=(3, 4),
                     cause="One supplier", event="It goes bust", impact="Six months' delay")

    page = sign_in(new_context(**PHONE), manager).new_page()
    visit(page, risk.get_absolute_url())
    text = page.inner_text("main")
    assert "12 (Medium)" in text and "Outside appetite" in text
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    shot(page, "risk-page-320")
    _tab_to(page, "Edit risk")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    _tab_to_id(page, "id_current_likelihood")  # a select's text is its options: found by its id
    page.keyboard.press("ArrowDown")  # 3 – Possible → 4 – Likely
    assert page.evaluate("() => document.activeElement.value") == "4"
    _tab_to(page, "Save the risk")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    shot(page, "risk-saved-320")
    text = page.inner_text("main")
    assert "Risk R-1 saved." in page.inner_text("body")
    assert "4 – Likely" in text and "16 (Medium)" in text
    assert "Current likelihood: 3 (Possible) → 4 (Likely)" in text
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert Risk.objects.get(pk=risk.pk).current_score == 16
