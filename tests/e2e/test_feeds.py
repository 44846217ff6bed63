"""Private feed addresses in a real browser: a member makes one on the activity page (axe on
every page), a feed reader with no cookie reads it, the member revokes it and it stops; the
same with JavaScript off; the pages fit a 320-pixel screen."""

import urllib.error
import urllib.request

import feedparser
import pytest

from links.services import link_create
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    workspace = make_workspace(name="Housing Standards Review", slug="housing",
                               organisation=make_organisation("Department for Levelling", slug="dfl"))
    manager = make_user("maya@example.org", "Maya Manager")
    reader = make_user("rita@example.org", "Rita Reader")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, reader, Role.READER)
    link_create(actor=manager, workspace=workspace, url="https://example.org/guidance", title="Guidance on damp")
    return {"workspace": workspace, "manager": manager, "reader": reader}


def fetch_as_a_feed_reader(address):
    """GET with no cookie, as a feed reader does: (status, body)."""
    try:
        with urllib.request.urlopen(address, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_a_member_makes_a_private_feed_address_reads_it_and_revokes_it(world, new_context, sign_in, visit, submit,
                                                                      follow, shot):
    page = sign_in(new_context(), world["reader"]).new_page()
    visit(page, "/w/housing/activity/")
    follow(page, "Follow this workspace's activity in a feed reader")
    page.get_by_label("Name it").fill("My laptop")
    submit(page, "Create a private feed address")
    assert page.get_by_role("heading", level=1).inner_text() == "Your private feed address"
    assert "Anyone who has this address can read" in page.locator(".message-warning").inner_text()
    field = page.get_by_label("Feed address “My laptop”")
    address = field.input_value()
    assert field.get_attribute("readonly") is not None and "/w/housing/activity/feed/" in address
    shot(page, "feed-address-created")

    status, body = fetch_as_a_feed_reader(address)
    parsed = feedparser.parse(body)
    assert status == 200 and parsed.feed.title == "Housing Standards Review: activity"
    assert [entry.title for entry in parsed.entries] == ["Maya Manager added the link Guidance on damp"]

    follow(page, "Back to the activity")
    section = page.locator("#feeds").inner_text()
    assert "My laptop" in section and "last used" in section
    shot(page, "feed-addresses-listed")
    follow(page, "Revoke My laptop")
    shot(page, "feed-address-revoke")
    submit(page, "Revoke the address")
    assert "Feed address revoked" in page.locator(".messages").inner_text()
    assert "My laptop" not in page.locator("#feeds").inner_text()
    assert fetch_as_a_feed_reader(address)[0] == 404


def test_it_works_without_javascript(world, new_context, sign_in):
    page = sign_in(new_context(java_script_enabled=False), world["reader"]).new_page()
    page.goto("/w/housing/activity/")
    with page.expect_navigation():
        page.get_by_role("button", name="Create a private feed address").click()
    address = page.get_by_label("Feed address").input_value()
    assert fetch_as_a_feed_reader(address)[0] == 200


def test_the_feed_pages_fit_a_320_pixel_wide_screen(world, new_context, sign_in, visit, submit, shot):
    page = sign_in(new_context(viewport={"width": 320, "height": 640}), world["reader"]).new_page()
    visit(page, "/w/housing/activity/")
    widths = {"activity": page.evaluate("() => document.scrollingElement.scrollWidth")}
    shot(page, "feed-activity-320")
    submit(page, "Create a private feed address")
    widths["created"] = page.evaluate("() => document.scrollingElement.scrollWidth")
    shot(page, "feed-address-created-320")
    assert all(width <= 320 for width in widths.values()), widths
