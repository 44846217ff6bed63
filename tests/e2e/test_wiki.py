"""The wiki in a real browser: every wiki page passes axe-core; editing with preview works with
JavaScript off; the live preview updates as you type; two people editing the same page at
once never lose an edit (merged when apart, a conflict view when they overlap)."""

import pytest

from wikis.models import Page
from wikis.services import page_create, page_delete, page_update
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PLAN = "# Aims\n\nWe improve housing.\n\n# Budget\n\nThe budget is 10 million.\n\n# Dates\n\nWe start in March.\n"


@pytest.fixture
def world():
    workspace = make_workspace(name="Housing Standards Review", slug="housing",
                               organisation=make_organisation("Department for Levelling", slug="dfl"))
    manager = make_user("maya@example.org", "Maya Manager")
    contributor = make_user("chris@example.org", "Chris Contributor")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, contributor, Role.CONTRIBUTOR)
    plan = page_create(actor=manager, workspace=workspace, title="Delivery plan", text=PLAN + "\nSee [[Glossary]].\n")
    page_update(actor=contributor, page=plan, text=PLAN.replace("March", "April") + "\nSee [[Glossary]].\n",
                summary="Later start")
    page_create(actor=manager, workspace=workspace, title="Glossary", text="**Standard**: a rule.", parent=plan)
    gone = page_create(actor=manager, workspace=workspace, title="Old notes")
    page_delete(actor=manager, page=gone)
    return {"workspace": workspace, "manager": manager, "contributor": contributor}


WIKI_PAGES = {
    "/w/housing/wikis/": "wiki-index",
    "/w/housing/wikis/?q=budget": None,
    "/w/housing/wikis/delivery-plan/": "wiki-page",
    "/w/housing/wikis/delivery-plan/edit/": "wiki-edit",
    "/w/housing/wikis/new/?title=Risk%20register": None,
    "/w/housing/wikis/delivery-plan/history/": "wiki-history",
    "/w/housing/wikis/delivery-plan/diff/?from=1&to=2": "wiki-diff",
    "/w/housing/wikis/delivery-plan/revisions/1/": None,
    "/w/housing/wikis/delivery-plan/revisions/1/restore/": None,
    "/w/housing/wikis/delivery-plan/move/": None,
    "/w/housing/wikis/glossary/delete/": None,
    "/w/housing/wikis/changes/": "wiki-changes",
    "/w/housing/wikis/deleted/": None,
    "/w/housing/wikis/old-notes/": "wiki-deleted-page",
    "/w/housing/wikis/old-notes/restore/": None,
}


def test_every_wiki_page_has_no_accessibility_problems(world, new_context, sign_in, visit, shot):
    page = sign_in(new_context(), world["manager"]).new_page()
    for path, name in WIKI_PAGES.items():
        visit(page, path)  # runs axe
        assert page.locator("h1").count() == 1, f"{path}: one h1 per page"
        if name:
            shot(page, name)


def test_wiki_pages_fit_a_320_pixel_wide_screen(world, new_context, sign_in, visit, shot):
    page = sign_in(new_context(viewport={"width": 320, "height": 640}), world["manager"]).new_page()
    too_wide = {}
    for path in ["/w/housing/wikis/delivery-plan/", "/w/housing/wikis/delivery-plan/history/",
                 "/w/housing/wikis/delivery-plan/diff/?from=1&to=2", "/w/housing/wikis/delivery-plan/edit/"]:
        visit(page, path)
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    shot(page, "wiki-edit-320")
    assert not too_wide, f"pages wider than the 320px screen: {too_wide}"


def test_editing_with_preview_works_with_javascript_off(world, new_context, sign_in, visit, submit, shot):
    page = sign_in(new_context(java_script_enabled=False), world["contributor"]).new_page()
    visit(page, "/w/housing/wikis/delivery-plan/edit/")
    text = page.get_by_label("Text")
    text.fill(text.input_value() + "\n## Risks\n\nSee the **risk register**.\n")
    submit(page, "Preview")
    preview = page.locator("#wiki-preview-body")
    assert "risk register" in preview.locator("strong").inner_text()
    assert "See the **risk register**." in page.get_by_label("Text").input_value()  # the draft is kept
    assert Page.objects.get(slug="delivery-plan").version == 2  # a preview saves nothing
    shot(page, "wiki-preview-no-js")
    page.get_by_label("Summary of your changes").fill("Added risks")
    submit(page, "Save changes")
    assert page.get_by_role("heading", level=1).inner_text() == "Delivery plan"
    assert page.locator(".wiki-text strong").filter(has_text="risk register").count() == 1
    saved = Page.objects.get(slug="delivery-plan")
    assert saved.version == 3 and saved.revisions.first().summary == "Added risks"


def test_live_preview_updates_as_you_type(world, new_context, sign_in, visit):
    page = sign_in(new_context(), world["contributor"]).new_page()
    visit(page, "/w/housing/wikis/delivery-plan/edit/")
    page.get_by_label("Text").fill("Live *preview* of [[Glossary]] and [[Nowhere]]")
    preview = page.locator("#wiki-preview-body")
    preview.locator("em").filter(has_text="preview").wait_for()
    assert preview.locator("a.wikilink:not(.wikilink-missing)").inner_text() == "Glossary"
    assert "page does not exist yet" in preview.locator("a.wikilink-missing").inner_text()
    assert Page.objects.get(slug="delivery-plan").version == 2


def _open_editor(context, visit):
    page = context.new_page()
    visit(page, "/w/housing/wikis/delivery-plan/edit/")
    return page


def test_two_people_editing_at_once_are_merged_or_shown_the_conflict(world, new_context, sign_in, visit, submit, shot):
    maya = _open_editor(sign_in(new_context(), world["manager"]), visit)
    chris = _open_editor(sign_in(new_context(), world["contributor"]), visit)

    # Apart: Maya changes the budget, Chris the aims; both are kept.
    maya.get_by_label("Text").fill(maya.get_by_label("Text").input_value().replace("10 million", "12 million"))
    submit(maya, "Save changes")
    editor = chris.get_by_label("Text")
    editor.fill(editor.input_value().replace("improve housing", "raise standards"))
    submit(chris, "Save changes")
    assert "also changed this page while you were editing it" in chris.locator(".messages").inner_text()
    text = Page.objects.get(slug="delivery-plan").text
    assert "12 million" in text and "raise standards" in text

    # Overlapping: both change the dates line; Chris sees both versions and keeps his text.
    maya = _open_editor(maya.context, visit)
    chris = _open_editor(chris.context, visit)
    maya.get_by_label("Text").fill(maya.get_by_label("Text").input_value().replace("in April", "in May"))
    submit(maya, "Save changes")
    mine = chris.get_by_label("Text").input_value().replace("in April", "in June, if funded")
    chris.get_by_label("Text").fill(mine)
    submit(chris, "Save changes")  # runs axe on the conflict view
    assert chris.get_by_role("heading", name="Changes saved while you were editing").is_visible()
    overlap = chris.locator(".wiki-overlap-pair").inner_text()
    assert "We start in May." in overlap and "We start in June, if funded." in overlap
    assert chris.get_by_label("Text").input_value() == mine
    shot(chris, "wiki-conflict")
    assert "in May" in Page.objects.get(slug="delivery-plan").text  # nothing of Chris's was saved

    # Having seen it, Chris saves his version deliberately.
    submit(chris, "Save my version")
    assert "in June, if funded" in Page.objects.get(slug="delivery-plan").text
