"""The heat map in a real browser at 320 px, by keyboard alone: Tab to a cell (it says its level
in words, its count and "outside appetite"), Enter, and the register table shows that cell's
risks. axe clean on both pages; nothing scrolls sideways but the table regions."""

import pytest

from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from ..risks.builders import make_register, make_risk
from .test_forums import _tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 320, "height": 640}}


def test_the_heat_map_by_keyboard_alone_leads_to_the_cells_risks(new_context, sign_in, visit, axe_check, shot):
    workspace = make_workspace(name="River path", slug="river",
                               organisation=make_organisation("Department for Rivers", slug="dfr"))
    manager, reader = make_user("maya@example.org", "Maya Manager"), make_user("rita@example.org", "Rita Reader")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, reader, Role.READER)
    register = make_register(workspace, manager, title="Programme risks")
    make_risk(register, manager, title="Grant clawed back", category="Financial", current=(4, 4))
    make_risk(register, manager, title="Late permits", category="Legal", current=(1, 2))

    page = sign_in(new_context(**PHONE), reader).new_page()
    visit(page, f"/w/river/risks/{register.pk}/heat-map/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    _tab_to(page, "16 (Medium)")
    focused = page.evaluate("() => document.activeElement.innerText")
    assert "1 risk" in focused and "1 outside appetite" in focused
    assert page.evaluate("() => document.activeElement.closest('td').classList.contains('risk-cell-outside')")
    shot(page, "risks-heatmap-320")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    text = page.inner_text("main")
    assert "Showing the risks at likelihood 4 and impact 4" in text
    table = page.inner_text("table.risk-table")
    assert "Grant clawed back" in table and "Outside appetite" in table and "Late permits" not in table
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    shot(page, "risks-register-cell-320")
