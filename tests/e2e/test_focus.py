"""Focus and announcements in a real browser (static/js/focus.js): after an htmx swap the focus
stays on the control that replaced the one pressed and the change is read out from the polite
live region; after a failed submit the focus is on the error summary and the title says "Error:"."""

import pytest

from links.services import link_create
from workspaces.models import Role

from ..builders import add_member, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    workspace = make_workspace(name="Rail Reform", slug="rail")
    manager, reader = make_user("maya@example.org", "Maya Manager"), make_user("rita@example.org", "Rita Reader")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, reader, Role.READER)
    link = link_create(actor=manager, workspace=workspace, url="https://www.gov.uk/rail", title="Rail white paper")
    return {"workspace": workspace, "manager": manager, "reader": reader, "link": link}


def _focused(page):
    return page.evaluate("() => document.activeElement.outerHTML")


def test_after_follow_the_focus_is_on_following_and_the_change_is_announced(world, new_context, sign_in, visit,
                                                                            axe_check):
    page = sign_in(new_context(), world["reader"]).new_page()
    visit(page, world["link"].get_absolute_url())
    page.get_by_role("button", name="Follow").focus()
    page.keyboard.press("Enter")
    following = page.get_by_role("button", name="Following")
    following.wait_for()
    assert page.evaluate("() => document.activeElement.getAttribute('aria-pressed')") == "true", _focused(page)
    assert "Following" in page.evaluate("() => document.activeElement.textContent")
    announcer = page.locator("#announcer")
    assert announcer.get_attribute("aria-live") == "polite"
    page.wait_for_function("() => document.getElementById('announcer').textContent.includes('You follow this now')")
    axe_check(page)

    page.keyboard.press("Enter")  # the same control, pressed again: unfollow
    page.get_by_role("button", name="Follow", exact=False).and_(page.locator("[aria-pressed=false]")).wait_for()
    assert page.evaluate("() => document.activeElement.getAttribute('aria-pressed')") == "false", _focused(page)
    page.wait_for_function("() => document.getElementById('announcer').textContent.includes('You no longer follow')")


def test_marking_a_notification_read_keeps_the_focus_in_its_row(world, new_context, sign_in, visit):
    from links.services import link_update
    from notifications.services import follow

    follow(user=world["reader"], item=world["link"])
    link = world["link"]
    link_update(actor=world["manager"], link=link, url=link.url, title="Rail white paper (final)", note="", tags=[])
    page = sign_in(new_context(), world["reader"]).new_page()
    visit(page, "/notifications/")
    page.get_by_role("button", name="Mark as read").first.focus()
    page.keyboard.press("Enter")
    page.locator("#notification-bell", has_text="none unread").wait_for()
    page.wait_for_function("() => document.getElementById('announcer').textContent.includes('Marked as read')")
    assert page.evaluate("() => !!document.activeElement.closest('.notification')"), _focused(page)


def test_a_failed_submit_puts_the_focus_on_the_error_summary_and_error_in_the_title(world, new_context, sign_in,
                                                                                     visit, submit, shot):
    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, "/w/rail/links/new/")
    page.get_by_label("Web address").fill("https://www.gov.uk/buses")
    submit(page, "Add link")
    assert page.title().startswith("Error: "), page.title()
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert "Enter a title for the link" in summary.inner_text()
    shot(page, "focus-error-summary")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "focus-error-summary-375")
    # First in <main>, before the heading: read first with JavaScript or without.
    assert page.evaluate("() => document.querySelector('main').firstElementChild.classList.contains('error-summary')")
    summary.get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.id") == "id_title"
    assert page.get_by_label("Web address").input_value() == "https://www.gov.uk/buses"  # text kept


def test_filtering_the_links_reads_out_how_many_match_and_leaves_the_focus_in_the_box(world, new_context, sign_in,
                                                                                       visit, axe_check):
    link_create(actor=world["manager"], workspace=world["workspace"], url="https://www.gov.uk/bus", title="Bus plan")
    page = sign_in(new_context(), world["reader"]).new_page()
    visit(page, "/w/rail/links/")
    box = page.get_by_label("Search")
    box.fill("bus")
    page.wait_for_function("() => document.getElementById('announcer').textContent.includes('match')")
    assert "1 link matches your filter" in page.locator("#announcer").text_content()
    assert page.evaluate("() => document.activeElement.name") == box.get_attribute("name")
    axe_check(page)  # htmx pushed the filtered address
