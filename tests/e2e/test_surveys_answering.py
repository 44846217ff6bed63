"""Answering a survey in a real browser, at 320 px, by keyboard alone: a branching survey is
answered, left on page 2 with "Save and continue later"; the resume link (read from the outbox)
opened in a NEW browser context lands on page 2 with the earlier answers kept. axe clean.
Screenshots at 1280 and 320 px go to /tmp/shots-answering/."""

from pathlib import Path

import pytest

from surveys.models import Response

# TEST STAND-INS for the questions helper's parse/field.html (the lead removes this import at integration).
from workspaces.models import OutboundEmail, Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from ..surveys.builders import make_survey
from ..surveys.test_answering_services import BRANCHING
from .test_forums import _tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-answering")
PHONE = {"viewport": {"width": 320, "height": 640}}


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_answer_leave_and_resume_in_a_new_browser_by_keyboard(new_context, sign_in, visit, axe_check):
    workspace = make_workspace(name="Transport review", slug="transport",
                               organisation=make_organisation("Department for Transport", slug="dft"))
    manager, reader = make_user("maya@example.org", "Maya Manager"), make_user("rita@example.org", "Rita Reader")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, reader, Role.READER)
    survey = make_survey(workspace, manager, pages=BRANCHING, title="Travel to work")
    base = f"/w/transport/surveys/{survey.pk}"

    wide = sign_in(new_context(), reader).new_page()
    visit(wide, f"{base}/")
    _shoot(wide, "survey-1280")

    page = sign_in(new_context(**PHONE), reader).new_page()
    visit(page, f"{base}/")
    _shoot(page, "survey-320")
    _tab_to(page, "Start now")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    _tab_to(page, "o1")  # the radio "Yes" (the helper reads a radio's value before its label)
    page.keyboard.press("Space")
    _tab_to(page, "Continue")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    assert page.url.endswith(f"{base}/2/") and "Page 2 of 3" in page.content()
    _tab_to(page, "How many miles?")
    page.keyboard.type("12")
    _shoot(page, "page-320")
    _tab_to(page, "Save and continue later")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    assert "We have emailed a link" in page.content()

    link = OutboundEmail.objects.get(kind="surveys.resume").payload["link"]
    path = "/" + link.split("/", 3)[3]
    elsewhere = new_context(**PHONE).new_page()  # another device: nobody signed in
    elsewhere.goto(path)
    axe_check(elsewhere)
    assert elsewhere.url.endswith(f"{base}/2/")
    assert elsewhere.get_by_label("How many miles?").input_value() == "12"
    _shoot(elsewhere, "resumed-320")
    _tab_to(elsewhere, "Back")
    with elsewhere.expect_navigation():
        elsewhere.keyboard.press("Enter")
    axe_check(elsewhere)
    assert elsewhere.url.endswith(f"{base}/1/") and elsewhere.get_by_label("Yes").is_checked()
    assert Response.objects.get().respondent == reader
