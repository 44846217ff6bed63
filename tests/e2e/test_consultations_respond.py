"""Responding to a consultation in a real browser, at 320 px, by keyboard alone (Tab, Enter,
typing; no clicks): a respondent comments on section 2 paragraph 4, suggests new wording for
paragraph 5, sends the response and sees the receipt ID. A comment posted after the session
expired comes back in its form after signing in. axe clean. Screenshots go to /tmp/shots-consultations/."""

from pathlib import Path

import pytest
from django.conf import settings

from consultations.models import Comment, Response
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from ..consultations.builders import make_consultation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-consultations")
PHONE = {"viewport": {"width": 320, "height": 640}}
FOCUSED = """() => { const e = document.activeElement;
  const label = (e.labels && e.labels[0] && e.labels[0].innerText) || '';
  if (e.tagName === 'TEXTAREA' || e.tagName === 'INPUT') return label.trim();
  return (e.textContent || e.value || e.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim(); }"""


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _tab_to(page, text, limit=400):
    """Press Tab until the focused element's name (a field's label) starts with `text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED).startswith(text):
            return
    raise AssertionError(f"Tab never reached {text!r}")


def _enter(page, axe_check):
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)


def _world():
    workspace = make_workspace(name="Rivers review", slug="rivers",
                               organisation=make_organisation("Department for Rivers", slug="dfr"))
    manager, reader = make_user("maya@example.org", "Maya Manager"), make_user("rita@example.org", "Rita Reader")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, reader, Role.READER)
    consultation = make_consultation(workspace, manager, title="River bathing sites")
    return consultation, reader


def test_comment_suggest_and_send_by_keyboard_at_320px(new_context, sign_in, visit, axe_check):
    consultation, reader = _world()
    base = f"/w/rivers/consultations/{consultation.pk}"
    page = sign_in(new_context(**PHONE), reader).new_page()
    visit(page, f"{base}/")
    _shoot(page, "consultation-320")
    link = page.get_by_role("link", name="Comment on section 2, paragraph 4")
    assert link.count() == 1 and link.is_visible()
    assert page.get_by_role("link", name="Suggest new wording for section 2, paragraph 5").count() == 1

    _tab_to(page, "Comment on section 2, paragraph 4")
    _enter(page, axe_check)
    assert "Testing runs from May to September." in page.content()
    _tab_to(page, "Your comment")
    page.keyboard.type("Weekly is too rare in a hot summer.")
    _shoot(page, "comment-320")
    _tab_to(page, "Save comment")
    _enter(page, axe_check)
    assert page.url.endswith(f"{base}/#p-2-4")

    _tab_to(page, "Suggest new wording for section 2, paragraph 5")
    _enter(page, axe_check)
    _tab_to(page, "Your suggested wording")
    page.keyboard.press("Control+A")
    page.keyboard.type("Councils may add sites after a public notice.")
    _tab_to(page, "Save suggestion")
    _enter(page, axe_check)

    _tab_to(page, "Go to your response")
    _enter(page, axe_check)
    _shoot(page, "response-320")
    _tab_to(page, "Check and send your response")
    _enter(page, axe_check)
    assert "Councils may add sites after a public notice." in page.content()
    _tab_to(page, "Send response")
    _enter(page, axe_check)
    _shoot(page, "sent-320")
    response = Response.objects.get(respondent=reader)
    assert response.is_submitted and response.comments.count() == 2
    assert page.get_by_role("heading", name="Response sent").is_visible()
    assert response.receipt_id in page.locator(".receipt-id").inner_text()


def test_a_comment_typed_when_the_session_expired_comes_back_after_signing_in(new_context, sign_in, axe_check):
    consultation, reader = _world()
    context = sign_in(new_context(**PHONE), reader)
    page = context.new_page()
    page.goto(f"/w/rivers/consultations/{consultation.pk}/")
    axe_check(page)
    _tab_to(page, "Comment on section 2, paragraph 4")
    _enter(page, axe_check)
    text = "A long thought about bathing water. " * 277  # nearly 10,000 characters
    _tab_to(page, "Your comment")
    page.keyboard.insert_text(text)
    context.clear_cookies(name=settings.SESSION_COOKIE_NAME)  # the session expired meanwhile
    _tab_to(page, "Save comment")
    _enter(page, axe_check)  # the sign-in page
    assert "login" in page.url and not Comment.objects.exists()
    next_url = page.evaluate("() => new URL(location.href).searchParams.get('next')")
    sign_in(context, reader)
    page.goto(next_url)
    axe_check(page)
    assert page.get_by_label("Your comment").input_value() == text
    _tab_to(page, "Save comment")
    _enter(page, axe_check)
    assert Comment.objects.get().body == text.strip()
