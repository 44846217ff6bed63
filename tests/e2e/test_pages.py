"""The main pages in a real browser: no accessibility problems of any impact (axe-core), styles
load under the strict Content-Security-Policy, the skip link works from the keyboard, the
layout fits a 320 px wide screen, and a form works with JavaScript off."""

import pytest

from links.models import Link
from links.services import link_create
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    organisation = make_organisation("Department for Levelling", slug="dfl")
    workspace = make_workspace(
        name="Housing Standards Review", slug="housing", organisation=organisation,
        description="Evidence and discussion for the review of housing standards.",
    )
    manager = make_user("maya@example.org", "Maya Manager")
    add_member(workspace, manager, Role.MANAGER)
    link = link_create(
        actor=manager, workspace=workspace, url="https://www.gov.uk/guidance/housing-standards",
        title="Housing standards: technical guidance for local authorities and developers",
        note="The **current** guidance, with the 2024 amendments.", tags=["guidance", "housing"],
    )
    return {"workspace": workspace, "manager": manager, "link": link}


# Every page the issue names: axe-core must find nothing, of any impact, on any of them.
# One browser page walks them all (a new context per page would triple the time).
ANONYMOUS_PAGES = ["/accounts/login/", "/", "/accounts/password/reset/"]
MANAGER_PAGES = [
    "/",
    "/w/housing/",
    "/w/housing/members/",
    "/w/housing/invitations/new/",
    "/w/housing/links/",
    "/w/housing/links/new/",
    "/w/housing/links/{link}/",
    "/w/housing/links/{link}/edit/",
    "/w/housing/settings/",
    # Beyond the issue's list: the other managers' pages, and the profile.
    "/w/housing/invitations/",
    "/w/housing/teams/",
    "/w/housing/permissions/",
    "/w/housing/audit/",
    "/profile/",
]
SHOTS = {"/w/housing/": "workspace-home", "/w/housing/links/": "links-list", "/w/housing/links/new/": "link-form",
         "/w/housing/members/": "member-list", "/w/housing/settings/": "settings"}


def test_pages_for_visitors_have_no_accessibility_problems(world, page, visit):
    for path in ANONYMOUS_PAGES:
        visit(page, path)  # runs axe
        assert page.locator("h1").count() == 1, f"{path}: one h1 per page"


def test_pages_for_a_manager_have_no_accessibility_problems(world, new_context, sign_in, visit, shot):
    page = sign_in(new_context(), world["manager"]).new_page()
    for path in MANAGER_PAGES:
        visit(page, path.format(link=world["link"].pk))  # runs axe
        assert page.locator("h1").count() == 1, f"{path}: one h1 per page"
        if path in SHOTS:
            shot(page, SHOTS[path])


def test_not_found_page_has_no_accessibility_problems(world, new_context, sign_in, visit, shot):
    context = sign_in(new_context(), world["manager"])
    page = context.new_page()
    visit(page, "/w/no-such-workspace/", status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    shot(page, "not-found")


def test_form_errors_are_accessible_too(world, new_context, sign_in, visit, submit):
    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, "/w/housing/links/new/")
    page.get_by_label("Web address").fill("javascript:alert(1)")
    submit(page, "Add link")  # runs axe on the page with errors shown
    assert page.locator(".error-message").count() >= 1
    assert not Link.objects.filter(url__startswith="javascript").exists()


def test_styles_load_under_the_content_security_policy(world, page, visit):
    response = visit(page, "/accounts/login/")
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    loaded = page.evaluate(
        """() => [...document.styleSheets].filter(s => s.href && s.href.includes('/static/'))
                                          .map(s => s.cssRules.length)"""
    )
    assert loaded and all(count > 0 for count in loaded), f"stylesheets: {loaded}"
    # The skip link is styled off-screen until focused: proof the rules apply.
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 0, f"unfocused skip link on screen: {box}"


def test_tab_from_the_top_reaches_the_skip_link_and_enter_moves_to_main(world, new_context, sign_in, visit):
    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, "/w/housing/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Skip to main content", "href": "#main"}
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["x"] >= 0, f"the focused skip link is off-screen: {box}"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab continues inside main, not back at the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")


def test_a_320_pixel_wide_screen_needs_no_sideways_scrolling(world, new_context, sign_in, visit, shot):
    context = sign_in(new_context(viewport={"width": 320, "height": 640}), world["manager"])
    page = context.new_page()
    too_wide = {}
    for path in ["/w/housing/", "/w/housing/links/", "/w/housing/links/new/", "/w/housing/members/"]:
        visit(page, path)
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
            shot(page, "too-wide-" + path.strip("/").replace("/", "-"))
        elif path in ("/w/housing/links/", "/w/housing/members/"):
            shot(page, path.strip("/").replace("/", "-") + "-320")
    assert not too_wide, f"pages wider than the 320px screen: {too_wide}"


def test_adding_a_link_works_with_javascript_off(world, new_context, sign_in, visit, submit):
    context = sign_in(new_context(java_script_enabled=False), world["manager"])
    page = context.new_page()
    visit(page, "/w/housing/links/new/")
    assert page.evaluate("() => document.querySelectorAll('script[src]').length") >= 1  # scripts exist, unrun
    page.get_by_label("Web address").fill("www.ons.gov.uk/census")
    page.get_by_label("Title").fill("Census 2021 results")
    page.get_by_label("Tags").fill("data, census")
    submit(page, "Add link")
    assert page.get_by_role("heading", level=1).inner_text() == "Census 2021 results"
    link = Link.objects.get(title="Census 2021 results")
    assert link.url == "https://www.ons.gov.uk/census"
    assert sorted(link.tag_names) == ["census", "data"]
