"""Notifications in a real browser: follow an item, hear of its change under the bell, mark it
read with htmx (and with JavaScript off), set email preferences, and a manager announcing an
item after seeing how many people it reaches. axe-core runs on every page."""

import pytest

from links.services import link_create, link_update
from notifications.models import Announcement
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    workspace = make_workspace(name="Rail Reform", slug="rail",
                               organisation=make_organisation("Department for Transport", slug="dft"))
    manager, reader = make_user("maya@example.org", "Maya Manager"), make_user("rita@example.org", "Rita Reader")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, reader, Role.READER)
    link = link_create(actor=manager, workspace=workspace, url="https://www.gov.uk/rail", title="Rail white paper")
    return {"workspace": workspace, "manager": manager, "reader": reader, "link": link}


def _bell(page):
    return " ".join(page.locator("#notification-bell").text_content().split())


def _change(world, title):
    link = world["link"]
    link.refresh_from_db()
    link_update(actor=world["manager"], link=link, url=link.url, title=title, note="", tags=[])


def test_follow_hear_of_a_change_and_mark_it_read_without_reloading(world, new_context, sign_in, visit, shot):
    page = sign_in(new_context(), world["reader"]).new_page()
    visit(page, world["link"].get_absolute_url())
    follow = page.get_by_role("button", name="Follow")
    follow.click()
    following = page.get_by_role("button", name="Following")
    following.wait_for()
    assert following.get_attribute("aria-pressed") == "true"
    assert page.url.endswith(world["link"].get_absolute_url())  # htmx swapped the button, no page load

    _change(world, "Rail white paper (final)")
    visit(page, "/notifications/")
    assert "1 unread" in _bell(page)
    row = page.locator(".notification").first
    assert "Rail white paper (final)" in row.inner_text()
    shot(page, "notifications-list")
    page.get_by_role("button", name="Mark as read").first.click()
    page.locator("#notification-bell", has_text="none unread").wait_for()  # swapped out of band
    assert "none unread" in _bell(page)
    assert page.url.endswith("/notifications/")


def test_mark_all_read_and_preferences_work_with_javascript_off(world, new_context, sign_in, visit, submit):
    from notifications.services import follow

    follow(user=world["reader"], item=world["link"])
    _change(world, "Rail white paper (v2)")
    _change(world, "Rail white paper (v3)")
    page = sign_in(new_context(java_script_enabled=False), world["reader"]).new_page()
    visit(page, "/notifications/")
    assert "2 unread" in _bell(page)
    submit(page, "Mark all as read")
    assert "2 notifications marked as read." in page.content()
    assert "none unread" in _bell(page)

    visit(page, "/notifications/preferences/")
    page.get_by_label("Email about my workspaces").select_option("weekly")
    page.get_by_label("Send digests at").select_option("18")
    submit(page, "Save preferences")
    assert "Your email preferences are saved." in page.content()
    assert page.get_by_label("Email about my workspaces").input_value() == "weekly"


def test_a_manager_announces_an_item_after_seeing_how_many_it_reaches(world, new_context, sign_in, visit, submit,
                                                                     follow, shot):
    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, world["link"].get_absolute_url())
    page.get_by_text("More actions").click()  # the menu of rarer actions
    follow(page, "Email members about this")
    assert page.get_by_label("Subject").input_value() == "Rail white paper"
    page.get_by_label("Message").fill("Please read the white paper before Thursday's meeting.")
    submit(page, "Continue")
    assert "This will email 2 people" in page.content()
    shot(page, "announce-confirm")
    assert not Announcement.objects.exists()  # nothing is sent before the confirmation
    submit(page, "Send to 2 people")
    assert "Announcement on its way to 2 people." in page.content()
    assert Announcement.objects.get().recipient_count == 2


def test_notification_pages_pass_axe_for_a_site_admin(world, new_context, sign_in, visit):
    admin = make_user("ada@example.org", "Ada Admin", site_admin=True)
    page = sign_in(new_context(), admin).new_page()
    for path in ("/", "/notifications/", "/notifications/preferences/", "/notifications/failed/"):
        visit(page, path)
        assert page.locator("h1").count() == 1
