"""Moderating a forum, in a real browser and by keyboard alone: a reader reports a post, the
manager hides it from the moderation queue with a reason, then locks the thread and puts it in
slow mode from "Moderate thread"; the reader, on a 320 px screen, reads the reason in the post's
place and that the thread is locked (axe on every page)."""

import pytest

from forums import services
from forums.models import Post, Thread
from moderation.models import Report
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from .test_moderation import press_and_land, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    workspace = make_workspace(name="Housing Standards Review", slug="housing",
                               organisation=make_organisation("Department for Levelling", slug="dfl"))
    manager = make_user("maya@example.org", "Maya Manager")
    contributor = make_user("chris@example.org", "Chris Contributor")
    reader = make_user("rita@example.org", "Rita Reader")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, contributor, Role.CONTRIBUTOR)
    add_member(workspace, reader, Role.READER)
    board = services.board_create(actor=manager, workspace=workspace, name="General discussion")
    thread = services.thread_create(actor=manager, board=board, title="Workshop dates", text="Which dates suit?")
    post = services.reply(actor=contributor, thread=thread, text="Cheap watches at example.com!")
    return {"manager": manager, "reader": reader, "thread": thread, "post": post}


def test_report_a_post_hide_it_and_lock_the_thread_by_keyboard(world, new_context, sign_in, visit, axe_check,
                                                                shot):
    thread, post = world["thread"], world["post"]
    page = sign_in(new_context(), world["reader"]).new_page()
    visit(page, thread.get_absolute_url())
    tab_to(page, "Report post 2")
    press_and_land(page, axe_check)
    assert "post 2 in “Workshop dates”" in page.get_by_role("heading", level=1).inner_text()
    tab_to(page, field_id="id_reason_0")
    page.keyboard.press("Space")  # Off-topic or disruptive
    page.keyboard.press("ArrowDown")  # Abusive
    page.keyboard.press("ArrowDown")  # Spam or advertising
    tab_to(page, "Send the report")
    press_and_land(page, axe_check)
    [made] = Report.objects.all()
    assert (made.reason, made.reporter) == ("spam", world["reader"])

    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, thread.get_absolute_url())
    tab_to(page, "Moderation 1 waiting")
    press_and_land(page, axe_check)
    assert "Cheap watches" in page.content()
    tab_to(page, "Act on post 2 in “Workshop dates” by Chris Contributor")
    press_and_land(page, axe_check)
    tab_to(page, field_id="id_reason")
    page.keyboard.type("Advertising is not allowed here.")
    tab_to(page, "Hide post 2 in “Workshop dates” by Chris Contributor")
    press_and_land(page, axe_check)
    assert Post.objects.get(pk=post.pk).is_hidden

    visit(page, thread.get_absolute_url())
    tab_to(page, "Moderate thread")
    press_and_land(page, axe_check)
    shot(page, "forum-moderate-thread")
    tab_to(page, field_id="id_lock-reason")
    page.keyboard.type("The dates are settled.")
    tab_to(page, "Lock the thread")
    press_and_land(page, axe_check)
    tab_to(page, field_id="id_slow-minutes")
    page.keyboard.press("ArrowDown")  # 1 minute
    page.keyboard.press("ArrowDown")  # 5 minutes
    tab_to(page, field_id="id_slow-reason")
    page.keyboard.type("Cooling off")
    tab_to(page, "Save slow mode")
    press_and_land(page, axe_check)
    thread = Thread.objects.get(pk=thread.pk)
    assert thread.is_locked and thread.locked_reason == "The dates are settled."
    assert (thread.slow_mode_minutes, thread.slow_mode_reason) == (5, "Cooling off")

    page = sign_in(new_context(viewport={"width": 320, "height": 640}), world["reader"]).new_page()
    visit(page, thread.get_absolute_url())
    text = page.locator("#post-2").inner_text()
    assert "Hidden by a moderator: Advertising is not allowed here." in text and "Cheap watches" not in text
    assert "This thread is locked" in page.content()
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 320
    shot(page, "forum-hidden-post-320")
