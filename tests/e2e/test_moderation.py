"""Reporting a comment and moderating it, in a real browser and by keyboard alone: a reader
reports (a typed reason chosen with the arrow keys, a note), the manager sees "Moderation 1" (waiting)
in the header, opens the queue, hides the comment with a reason; the reader then reads the
reason in its place (axe on every page)."""

import pytest

from comments.models import Comment
from comments.services import comment_add
from moderation.models import Report
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from ..documents.builders import make_written

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
    paper = make_written(workspace, manager, title="Draft standard", text="Rooms must be 7 square metres.\n")
    comment = comment_add(actor=contributor, item=paper, body="Cheap watches at example.com!")
    return {"manager": manager, "reader": reader, "paper": paper, "comment": comment}


def tab_to(page, words="", field_id="", limit=80):
    """Press Tab until the focused control says `words` (its text, visually hidden parts too) or
    is the field with id `field_id`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.id, document.activeElement.textContent || '']")
        if (field_id and focused[0] == field_id) or (words and words in focused[1]):
            return
    raise AssertionError(f"No control {words or field_id!r} could be reached with Tab")


def press_and_land(page, axe_check, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)
    axe_check(page)


def test_report_a_comment_then_hide_it_by_keyboard_alone(world, new_context, sign_in, visit, axe_check, shot):
    paper, comment = world["paper"], world["comment"]
    page = sign_in(new_context(), world["reader"]).new_page()
    visit(page, paper.get_absolute_url())
    tab_to(page, f"Report comment {comment.pk} by Chris Contributor")
    press_and_land(page, axe_check)
    assert page.get_by_role("heading", level=1).inner_text() == f"Report comment {comment.pk} by Chris Contributor"
    tab_to(page, field_id="id_reason_0")  # the reasons: one stop, then the arrow keys
    page.keyboard.press("Space")  # Off-topic or disruptive
    page.keyboard.press("ArrowDown")  # Abusive
    page.keyboard.press("ArrowDown")  # Spam or advertising
    assert page.get_by_label("Spam or advertising").is_checked()
    tab_to(page, field_id="id_note")
    page.keyboard.type("An advert, nothing to do with the standard.")
    tab_to(page, "Send the report")
    shot(page, "moderation-report")
    press_and_land(page, axe_check)
    [made] = Report.objects.all()
    assert (made.reason, made.reporter) == ("spam", world["reader"])

    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, paper.get_absolute_url())
    tab_to(page, "Moderation 1 waiting")
    press_and_land(page, axe_check)
    assert "Spam or advertising" in page.content() and "Cheap watches" in page.content()
    shot(page, "moderation-queue")
    tab_to(page, f"Act on comment {comment.pk} by Chris Contributor")
    press_and_land(page, axe_check)
    tab_to(page, field_id="id_reason")
    page.keyboard.type("It is an advert.")
    tab_to(page, f"Hide comment {comment.pk} by Chris Contributor")
    press_and_land(page, axe_check)
    assert Comment.objects.get(pk=comment.pk).is_hidden

    page = sign_in(new_context(viewport={"width": 320, "height": 640}), world["reader"]).new_page()
    visit(page, paper.get_absolute_url())
    text = page.locator(f"#comment-{comment.pk}").inner_text()
    assert "Hidden by a moderator: It is an advert." in text and "Cheap watches" not in text
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 320
