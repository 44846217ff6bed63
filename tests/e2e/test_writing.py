"""Writing in a real browser: the Markdown toolbar formats the selection, typing @ offers the
workspace's members and Enter types the mention, and the pages stay axe-clean with both."""

import pytest

from documents.services import document_write
from wikis.services import page_create, page_update
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    workspace = make_workspace(name="Housing Standards Review", slug="housing",
                               organisation=make_organisation("Department for Levelling", slug="dfl"))
    manager = make_user("maya@example.org", "Maya Manager")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, make_user("rita@example.org", "Rita Reader"), Role.READER)
    add_member(workspace, make_user("rob@example.org", "Rob Roberts"), Role.CONTRIBUTOR)
    elsewhere = make_workspace(name="Elsewhere", slug="elsewhere")
    add_member(elsewhere, make_user("ricky@example.org", "Ricky Elsewhere"), Role.READER)
    plan = page_create(actor=manager, workspace=workspace, title="Delivery plan",
                       text="# Aims\n\nWe improve housing.\n\n# Dates\n\nWe start in March.\n")
    page_update(actor=manager, page=plan, summary="Later start",
                text="# Aims\n\nWe improve housing **fast**.\n\n# Dates\n\nWe start in April.\n")
    document = document_write(actor=manager, workspace=workspace, title="Guidance", text="# Scope\n\nAll homes.\n")
    return {"workspace": workspace, "manager": manager, "document": document}


def test_the_toolbar_makes_the_selection_bold(world, new_context, sign_in, visit, shot):
    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, "/w/housing/wikis/delivery-plan/edit/")
    text = page.get_by_label("Text", exact=False).first
    text.fill("We improve housing.")
    text.evaluate("el => el.setSelectionRange(3, 10)")  # "improve"
    toolbar = page.get_by_role("toolbar", name="Formatting")
    toolbar.get_by_role("button", name="Bold").click()
    assert text.input_value() == "We **improve** housing."
    page.keyboard.press("Control+z")  # the browser's own undo takes the button back
    assert text.input_value() == "We improve housing."
    text.evaluate("el => el.setSelectionRange(11, 18)")  # "housing"
    page.keyboard.press("Control+i")
    assert text.input_value() == "We improve _housing_."
    shot(page, "writing-toolbar")


def test_typing_at_offers_members_and_enter_types_the_mention(world, new_context, sign_in, visit, shot):
    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, "/w/housing/wikis/delivery-plan/edit/")
    text = page.get_by_label("Text", exact=False).first
    text.fill("")
    text.press_sequentially("Thanks @r")
    listbox = page.get_by_role("listbox", name="Members to mention")
    listbox.wait_for()
    options = listbox.get_by_role("option")
    assert sorted(options.all_inner_texts()) == ["Rita Reader @rita · rita@example.org",
                                                 "Rob Roberts @rob · rob@example.org"]
    assert text.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    shot(page, "writing-mention")
    page.keyboard.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    assert text.input_value() == "Thanks @rob "
    assert listbox.is_hidden()
    text.press_sequentially("and @ri")
    listbox.wait_for()
    page.keyboard.press("Escape")
    assert listbox.is_hidden() and text.input_value() == "Thanks @rob and @ri"


def test_the_editor_sits_beside_its_preview_on_a_wide_screen(world, new_context, sign_in, visit, shot):
    page = sign_in(new_context(viewport={"width": 1280, "height": 900}), world["manager"]).new_page()
    visit(page, "/w/housing/wikis/delivery-plan/edit/")
    form, preview = page.locator(".editor-form").bounding_box(), page.locator(".editor-preview").bounding_box()
    assert preview["x"] > form["x"] + form["width"] - 1
    shot(page, "writing-editor-1280")
    narrow = sign_in(new_context(viewport={"width": 375, "height": 800}), world["manager"]).new_page()
    visit(narrow, "/w/housing/wikis/delivery-plan/edit/")
    form, preview = narrow.locator(".editor-form").bounding_box(), narrow.locator(".editor-preview").bounding_box()
    assert preview["y"] >= form["y"] + form["height"] - 1
    assert narrow.evaluate("() => document.scrollingElement.scrollWidth") <= 375
    shot(narrow, "writing-editor-375")


def test_the_reviewers_picker_offers_members_and_keeps_a_list(world, new_context, sign_in, visit, submit, shot):
    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, f"/w/housing/documents/{world['document'].pk}/reviews/new/")
    field = page.get_by_role("combobox", name="Who should review it")
    field.press_sequentially("ri")
    listbox = page.get_by_role("listbox", name="Members to add")
    listbox.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    assert listbox.get_by_role("option").all_inner_texts() == ["Rita Reader @rita · rita@example.org"]
    shot(page, "writing-reviewers-picker")
    page.keyboard.press("Tab")  # Tab picks too
    assert field.input_value() == "@rita, " and field.get_attribute("aria-expanded") == "false"
    field.press_sequentially("@ricky")  # a member of another workspace: never suggested, refused
    page.get_by_label("Review by").fill("2099-01-15")
    submit(page, "Ask for the review")
    assert "Not members of this workspace: @ricky" in page.locator("#id_reviewers_error").inner_text()
    assert page.get_by_role("combobox", name="Who should review it").input_value() == "@rita, @ricky"


@pytest.mark.parametrize("width", [1280, 375])
def test_what_changed_as_it_reads(world, new_context, sign_in, visit, follow, shot, width):
    page = sign_in(new_context(viewport={"width": width, "height": 900}), world["manager"]).new_page()
    visit(page, "/w/housing/wikis/delivery-plan/diff/?from=1&to=2")
    follow(page, "Changes as it reads")
    assert page.get_by_role("link", name="Changes as it reads").get_attribute("aria-current") == "page"
    assert page.locator(".rendered-diff del").first.inner_text().startswith("Removed")
    assert "April" in page.locator(".rendered-diff ins").last.inner_text()
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= width
    shot(page, f"writing-rendered-diff-{width}")


def test_without_javascript_there_is_no_toolbar_and_typed_names_still_work(world, new_context, sign_in, visit,
                                                                           submit):
    page = sign_in(new_context(java_script_enabled=False), world["manager"]).new_page()
    visit(page, "/w/housing/wikis/delivery-plan/edit/")
    assert page.get_by_role("toolbar").count() == 0  # no buttons that would do nothing
    visit(page, f"/w/housing/documents/{world['document'].pk}/reviews/new/")
    page.get_by_label("Who should review it").fill("@rita, rob@example.org")
    page.get_by_label("Review by").fill("2099-01-15")
    submit(page, "Ask for the review")
    assert page.get_by_text("Rita Reader").count() and page.get_by_text("Rob Roberts").count()
