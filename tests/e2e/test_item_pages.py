"""Item pages in a real browser: one primary action, "More actions" (a <details> menu) that opens
by keyboard and without JavaScript and whose actions work; Follow beside the title; the access
choices on a create form as one summary line whose team boxes show only for "chosen teams"; axe
finds nothing, of any impact, at 1280 and 375 px wide, with the menu and the choices open."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Document
from documents.services import document_upload
from links.models import Link
from wikis.services import page_create
from workspaces.models import Access, Role

from ..builders import add_member, make_team, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


@pytest.fixture
def world():
    workspace = make_workspace(name="Rail Review", slug="rail")
    manager = make_user("maya@example.org", "Maya Manager")
    contributor = make_user("chris@example.org", "Chris Contributor")
    reader = make_user("rita@example.org", "Rita Reader")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, contributor, Role.CONTRIBUTOR)
    add_member(workspace, reader, Role.READER)
    make_team(workspace, "Task force", members=[contributor])
    wiki = page_create(actor=manager, workspace=workspace, title="Glossary", text="**Stakeholder**: anyone affected.")
    paper = document_upload(actor=manager, workspace=workspace, title="March minutes",
                            upload=SimpleUploadedFile("march-minutes.pdf", PDF))
    return {"workspace": workspace, "manager": manager, "contributor": contributor, "reader": reader,
            "wiki": wiki, "paper": paper}


def _no_violations(page):
    """axe-core, failing on a violation of any impact (the harness's axe_check fails on serious
    and critical ones)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in violations]


def _menu(page):
    return page.locator("details.item-menu")


def test_the_more_menu_opens_by_keyboard_and_its_link_works(world, new_context, sign_in, visit, axe_check, shot):
    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, world["wiki"].get_absolute_url())
    # One primary action, styled as the primary button; Follow beside the title.
    primary = page.locator(".item-toolbar > a.button:not(.button-secondary)")
    assert primary.count() == 1 and primary.text_content() == "Edit page Glossary"
    assert page.locator(".item-heading").get_by_role("button", name="Follow").count() == 1
    history = page.get_by_role("link", name="History of Glossary")
    assert not history.is_visible()
    page.locator("details.item-menu > summary").focus()
    page.keyboard.press("Enter")
    assert _menu(page).get_attribute("open") is not None and history.is_visible()
    axe_check(page)
    shot(page, "item-menu-open")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")  # closes it (static/js/kit.js), back on its button
    assert _menu(page).get_attribute("open") is None
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Space")
    assert _menu(page).get_attribute("open") is not None
    page.keyboard.press("Tab")  # the menu's first entry
    assert page.evaluate("document.activeElement.textContent") == "History of Glossary"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    assert page.url.endswith(f"{world['wiki'].get_absolute_url()}history/")


def test_locking_from_the_menu_and_unlocking_work(world, new_context, sign_in, visit, submit):
    page = sign_in(new_context(), world["contributor"]).new_page()
    paper = world["paper"]
    visit(page, paper.get_absolute_url())
    assert page.locator(".item-toolbar > a.button:not(.button-secondary)").inner_text() == "Upload a new version"
    page.get_by_text("More actions").click()
    submit(page, "Lock for editing")
    assert "You have locked this document for editing" in page.content()
    assert Document.objects.get(pk=paper.pk).locked_by == world["contributor"]
    submit(page, "Unlock")
    assert Document.objects.get(pk=paper.pk).locked_by is None


def test_the_menu_works_without_javascript(world, new_context, sign_in):
    page = sign_in(new_context(java_script_enabled=False), world["contributor"]).new_page()
    page.goto(world["paper"].get_absolute_url())
    page.get_by_text("More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Lock for editing").click()
    assert Document.objects.get(pk=world["paper"].pk).locked_by == world["contributor"]


def test_a_reader_gets_no_edit_actions(world, new_context, sign_in, visit):
    page = sign_in(new_context(), world["reader"]).new_page()
    visit(page, world["wiki"].get_absolute_url())
    # Nothing to change; "History" alone, not in a menu of one.
    assert [t.strip() for t in page.locator(".item-toolbar > *").all_text_contents()] == ["History of Glossary"]
    assert page.locator("details.item-menu").count() == 0


def test_the_access_summary_opens_and_team_boxes_show_only_for_chosen_teams(world, new_context, sign_in, visit,
                                                                            submit, shot):
    page = sign_in(new_context(), world["contributor"]).new_page()
    visit(page, "/w/rail/links/new/")
    summary = page.locator("details.access-summary > summary")
    assert "Visible to: anyone who can see the workspace · Editable by: any contributor" in summary.inner_text()
    see_teams = page.get_by_role("group", name="Teams that can see this")
    assert not see_teams.is_visible()
    summary.click()
    page.get_by_role("radio", name="Members of the workspace").check()
    assert not see_teams.is_visible()
    assert "Visible to: members · Editable by: any contributor" in summary.inner_text()  # kept in step
    page.get_by_role("radio", name="Chosen teams (and managers)").check()
    assert see_teams.is_visible()
    assert not page.get_by_role("group", name="Teams that can change this").is_visible()
    shot(page, "access-summary-open")
    see_teams.get_by_label("Task force").check()
    page.get_by_label("Web address").fill("https://www.gov.uk/rail")
    page.get_by_label("Title").fill("Rail white paper")
    submit(page, "Add link")
    link = Link.objects.get(title="Rail white paper")
    assert link.view_access == Access.TEAMS


def test_without_javascript_the_team_boxes_are_there_to_tick(world, new_context, sign_in):
    page = sign_in(new_context(java_script_enabled=False), world["contributor"]).new_page()
    page.goto("/w/rail/links/new/")
    page.locator("details.access-summary > summary").click()
    page.get_by_role("radio", name="Chosen teams (and managers)").check()
    assert page.get_by_role("group", name="Teams that can see this").is_visible()


@pytest.mark.parametrize("width", [1280, 375])
def test_item_pages_and_forms_have_no_accessibility_problems_of_any_impact(world, new_context, sign_in, visit, shot,
                                                                           width):
    page = sign_in(new_context(viewport={"width": width, "height": 800}), world["manager"]).new_page()
    paper, wiki = world["paper"], world["wiki"]
    pages = {"wiki": wiki.get_absolute_url(), "document": paper.get_absolute_url(),
             "upload": "/w/rail/documents/upload/", "link-new": "/w/rail/links/new/",
             "wiki-new": "/w/rail/wikis/new/"}
    for name, path in pages.items():
        visit(page, path)
        for summary in page.locator("details > summary").all():
            if summary.is_visible():  # the header's Menu exists only on phones
                summary.click()  # every menu and disclosure open
        _no_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} is wider than the screen"
        shot(page, f"item-{name}-{width}")


def test_the_upload_form_fits_one_screen(world, new_context, sign_in, visit):
    page = sign_in(new_context(viewport={"width": 1280, "height": 800}), world["contributor"]).new_page()
    visit(page, "/w/rail/documents/upload/")
    button = page.get_by_role("button", name="Upload").bounding_box()
    assert button["y"] + button["height"] <= 800
