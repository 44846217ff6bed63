"""Adding a weekly event by keyboard alone at 320 px: the form's fields in order by Tab, the
weekday boxes by Space, the event's page says the rule in words. axe clean."""

import pytest

from diaries.models import Event
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from ..diaries.builders import make_diary
from .test_forums import _tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 320, "height": 640}}


def test_add_a_weekly_event_by_keyboard_alone(new_context, sign_in, visit, axe_check, shot):
    workspace = make_workspace(name="Programme", slug="prog",
                               organisation=make_organisation("Department for Rivers", slug="dfr"))
    manager = make_user("maya@example.org", "Maya Manager")
    add_member(workspace, manager, Role.MANAGER)
    diary = make_diary(workspace, manager, title="Programme board")

    page = sign_in(new_context(**PHONE), manager).new_page()
    visit(page, f"/w/prog/diaries/{diary.pk}/add/")
    axe_check(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    page.focus("#id_title")
    page.keyboard.type("Stand-up")
    page.focus("#id_start_date")
    page.keyboard.type("04032030")
    page.focus("#id_start_time")
    page.keyboard.type("0930AM")
    page.focus("#id_end_time")
    page.keyboard.type("1000AM")
    page.focus("#id_repeat")
    page.select_option("#id_repeat", "weekly")
    page.focus("#id_weekdays_0")
    page.keyboard.press("Space")
    page.focus("#id_ends_1")
    page.keyboard.press("Space")
    page.focus("#id_count")
    page.keyboard.type("10")
    _tab_to(page, "Add the event")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    shot(page, "diary-event-added-320")
    text = page.inner_text("main")
    assert "Repeats weekly on Monday, 10 times" in text
    event = Event.objects.get(title="Stand-up")
    assert event.rrule == "FREQ=WEEKLY;BYDAY=MO;COUNT=10"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
