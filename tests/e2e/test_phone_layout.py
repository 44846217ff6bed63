"""Phones: at 375 px the header is compact (under a fifth of the screen), data tables are
stacked rows whose every action is on screen and clickable, and at 320 px no main screen scrolls
sideways. axe finds nothing, of any impact, on each."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.services import document_upload, document_write, folder_create
from workspaces.models import Role
from workspaces.services.invitations import invitation_create

from ..builders import add_member, make_organisation, make_team, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
PHONE = {"width": 375, "height": 740}
NARROWEST = {"width": 320, "height": 640}


@pytest.fixture
def world():
    workspace = make_workspace(name="Housing Standards Review", slug="housing",
                               organisation=make_organisation("Department for Levelling", slug="dfl"))
    manager = make_user("maya@example.org", "Maya Manager")
    add_member(workspace, manager, Role.MANAGER)
    people = [make_user(f"{name.split()[0].lower()}@a-rather-long-department-name.example.org", name)
              for name in ("Christopher Montgomery-Featherstonehaugh", "Rita Reader", "Sam Patel")]
    for person in people:
        add_member(workspace, person, Role.CONTRIBUTOR)
    make_team(workspace, "Evidence panel", members=people[:2])
    invitation_create(actor=manager, workspace=workspace, email="newcomer@example.org", role=Role.READER)
    folder = folder_create(actor=manager, workspace=workspace, title="Minutes")
    document_upload(actor=manager, workspace=workspace, folder=folder, title="March minutes",
                    upload=SimpleUploadedFile("march-minutes.pdf", PDF))
    document_write(actor=manager, workspace=workspace, title="Evaluation plan", text="# Aims\n\nEvaluate.\n")
    return {"workspace": workspace, "manager": manager, "folder": folder}


@pytest.fixture
def phone(new_context, sign_in, world):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(context, world["manager"])
    return context.new_page()


def no_violations(axe_check, page):
    """axe with nothing at all to report (the harness fails on serious and critical only)."""
    results = axe_check(page)
    found = [f"{v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]]
    assert not found, f"{page.url}: " + "; ".join(found)


def assert_actions_reachable(page, table_selector):
    """Every link and button in the table's rows lies inside the viewport's width, is the element
    a tap at its centre reaches, and is at least 44 px tall (actions, row names) or 24 px (a tag)."""
    width = page.viewport_size["width"]
    actions = page.locator(f"{table_selector} tbody a, {table_selector} tbody button")
    assert actions.count() > 0
    for i in range(actions.count()):
        action = actions.nth(i)
        action.scroll_into_view_if_needed()
        box = action.bounding_box()
        label = action.inner_text()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"{label!r} off-screen: {box}"
        least = 24 if "tag" in (action.get_attribute("class") or "") else 44
        assert box["height"] >= least, f"{label!r} is {box}"
        action.click(trial=True)  # Playwright: visible, stable, receives the pointer at its centre


def assert_stacked(page, table_selector):
    display = page.eval_on_selector(f"{table_selector} tbody tr", "row => getComputedStyle(row).display")
    assert display == "block", f"{table_selector}: rows are {display!r}, not stacked"
    assert page.locator(f"{table_selector} thead").bounding_box()["height"] <= 1


def test_members_table_is_stacked_with_every_action_on_screen(phone, visit, axe_check, shot):
    visit(phone, "/w/housing/members/")
    no_violations(axe_check, phone)
    assert_stacked(phone, ".member-table")
    assert_actions_reachable(phone, ".member-table")
    shot(phone, "phone-members")


@pytest.mark.parametrize("path, table", [
    ("/w/housing/invitations/", ".stack-table"),
    ("/w/housing/teams/", ".stack-table"),
    ("/w/housing/audit/", ".stack-table"),
])
def test_other_manager_tables_are_stacked(phone, visit, axe_check, path, table):
    visit(phone, path)
    no_violations(axe_check, phone)
    assert_stacked(phone, table)
    if phone.locator(f"{table} tbody a, {table} tbody button").count():
        assert_actions_reachable(phone, table)


def test_document_folder_actions_are_on_screen(phone, visit, axe_check, world, shot):
    visit(phone, f"/w/housing/documents/folders/{world['folder'].pk}/")
    no_violations(axe_check, phone)
    width = phone.viewport_size["width"]
    links = phone.locator("main a, main button")
    for i in range(links.count()):
        link = links.nth(i)
        if not link.is_visible():
            continue
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"{link.inner_text()!r} off-screen: {box}"
    shot(phone, "phone-folder")


def test_header_is_compact_and_the_menu_opens_without_javascript(new_context, sign_in, world, visit, axe_check):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(context, world["manager"])
    page = context.new_page()
    visit(page, "/w/housing/")
    no_violations(axe_check, page)
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] < 0.2 * PHONE["height"], f"the header takes {header['height']} px of {PHONE['height']}"
    # The account links are folded into "Menu"; the bell and the menu are touch-sized.
    assert not page.get_by_role("link", name="My workspaces").is_visible()
    for target in (page.locator("#notification-bell"), page.locator(".account-menu summary")):
        box = target.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
    page.locator(".account-menu summary").click()
    assert page.get_by_role("link", name="My workspaces").is_visible()
    no_violations(axe_check, page)
    # The workspace navigation is one line: every item at the same height, scrolling sideways.
    tops = page.eval_on_selector_all(".workspace-nav li", "items => items.map(i => i.getBoundingClientRect().top)")
    assert len(set(tops)) == 1, tops


@pytest.mark.parametrize("path", [
    "/", "/w/housing/", "/w/housing/members/", "/w/housing/invitations/", "/w/housing/teams/",
    "/w/housing/documents/", "/w/housing/audit/", "/profile/", "/help/", "/accessibility/", "/privacy/",
])
def test_no_main_screen_scrolls_sideways_at_320px(new_context, sign_in, world, visit, axe_check, path):
    context = new_context(viewport=NARROWEST)
    sign_in(context, world["manager"])
    page = context.new_page()
    visit(page, path)
    no_violations(axe_check, page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= NARROWEST["width"], f"{path}: the page is {scroll_width} px wide"
