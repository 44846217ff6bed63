"""Voting in a poll in a real browser, at 320 px, by keyboard alone: Tab to the first answer,
an arrow key to the second (which selects it), Tab to "Vote", Enter; the results are then
written out as text ("1 vote, 100%"). axe clean on every page."""

import pytest

from polls.models import Participation
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from ..polls.builders import make_poll, option_ids
from .test_forums import _tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 320, "height": 640}}


def test_vote_by_keyboard_alone_and_read_the_results(new_context, sign_in, visit, axe_check, shot):
    workspace = make_workspace(name="River path", slug="river",
                               organisation=make_organisation("Department for Rivers", slug="dfr"))
    manager, reader = make_user("maya@example.org", "Maya Manager"), make_user("rita@example.org", "Rita Reader")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, reader, Role.READER)
    poll = make_poll(workspace, manager, question="Reopen the river path?", options=["Yes", "No"], anonymous=True,
                     results="after_vote")
    yes, no = option_ids(poll, "Yes", "No")

    page = sign_in(new_context(**PHONE), reader).new_page()
    visit(page, f"/w/river/polls/{poll.pk}/")
    content = page.content()
    assert "This poll is anonymous: your vote is not linked to you" in content
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    _tab_to(page, str(yes))  # the first radio (the helper reads a radio's value before its label)
    page.keyboard.press("ArrowDown")  # moves to "No" and selects it
    assert page.evaluate(f"() => document.getElementById('poll-{poll.pk}-choices_1').checked")
    _tab_to(page, "Vote")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    shot(page, "poll-voted-320")
    text = page.inner_text("main")
    assert "Your vote is counted." in text
    assert "1 person voted." in text and "1 vote, 100%" in text and "0 votes, 0%" in text
    assert Participation.objects.filter(poll=poll, user=reader).exists()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert no  # the option voted for
