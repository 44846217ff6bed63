"""The month view in a real browser at 320 px, by keyboard alone: Tab to "Next month", Enter,
Tab to an event, Enter lands on the event's page. The month collapses to a list of days (no
sideways scroll); axe clean on every page."""

from datetime import datetime, time

import pytest
from django.utils import timezone

from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from ..diaries.builders import LONDON, make_diary, make_event
from .test_forums import _tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 320, "height": 640}}


def test_move_to_next_month_and_open_an_event_by_keyboard_alone(new_context, sign_in, visit, axe_check, shot):
    workspace = make_workspace(name="River path", slug="river",
                               organisation=make_organisation("Department for Rivers", slug="dfr"))
    manager, reader = make_user("maya@example.org", "Maya Manager"), make_user("rita@example.org", "Rita Reader")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, reader, Role.READER)
    reader.time_zone = "Europe/London"
    reader.save(update_fields=["time_zone"])
    today = timezone.localdate()
    following = (today.replace(day=28) + timezone.timedelta(days=5)).replace(day=12)
    diary = make_diary(workspace, manager, title="Programme board")
    event = make_event(diary, manager, title="Planning day", start=datetime.combine(following, time(10), tzinfo=LONDON))

    page = sign_in(new_context(**PHONE), reader).new_page()
    visit(page, "/w/river/diaries/calendar/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert "Planning day" not in page.inner_text("main")
    _tab_to(page, "Next month")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    shot(page, "diaries-month-320")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert "Planning day" in page.inner_text("main")
    _tab_to(page, "10:00 Planning day")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    assert page.url.endswith(event.get_absolute_url())
    assert "Planning day" in page.inner_text("h1")
