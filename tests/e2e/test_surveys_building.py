"""The survey builder in a real browser: a manager builds a two-page survey with a show-if rule
by keyboard, reorders with Move up (the focus stays on the moved question), sees the logic
check's error for a rule that points forward, fixes it and opens the survey. Every page passes
axe-core and fits 320 px. Screenshots in /tmp/shots-building/."""

from pathlib import Path

import pytest

from surveys.models import Survey
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-building")


@pytest.fixture
def world():
    workspace = make_workspace(name="Active Travel", slug="travel",
                               organisation=make_organisation("Department for Transport", slug="dft"))
    manager = make_user("maya@example.org", "Maya Manager")
    add_member(workspace, manager, Role.MANAGER)
    return {"workspace": workspace, "manager": manager}


def _focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement; const label = e.labels && e.labels[0]; "
        "return ((['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName) && label ? label.textContent : "
        "e.textContent || e.value) || '').replace(/\\s+/g, ' ').trim(); }")


def _tab_to(page, text, limit=200):
    """Press Tab until the focused element's text (or label) starts with `text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused(page).startswith(text):
            return
    raise AssertionError(f"Tab never reached {text!r}")


def _enter(page, axe_check):
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _add_question(page, axe_check, *, page_number, kind_steps, text, options=""):
    _tab_to(page, f"Add a question to page {page_number}")
    _enter(page, axe_check)
    _tab_to(page, "Short text")  # the first type; arrows move through the radio group
    for _ in range(kind_steps):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    _tab_to(page, "Continue")
    _enter(page, axe_check)
    _tab_to(page, "Question")
    page.keyboard.type(text)
    if options:
        _tab_to(page, "Options")
        page.keyboard.type(options)


def test_a_manager_builds_checks_and_opens_a_survey_by_keyboard(world, new_context, sign_in, visit, axe_check):
    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, "/w/travel/surveys/")
    _tab_to(page, "New survey")
    _enter(page, axe_check)
    _tab_to(page, "Title")
    page.keyboard.type("Cycling to work")
    _tab_to(page, "Add the survey")
    _enter(page, axe_check)
    survey = Survey.objects.get(title="Cycling to work")

    # Page 1: a single choice question (two steps down the types: Long text, Single choice).
    _add_question(page, axe_check, page_number=1, kind_steps=2, text="Do you cycle to work?", options="Yes\nNo")
    _tab_to(page, "Add the question")
    _enter(page, axe_check)

    # Page 2, with a question shown only to those who cycle, then another after it.
    _tab_to(page, "Add a page")
    _enter(page, axe_check)
    _add_question(page, axe_check, page_number=2, kind_steps=0, text="Why do you cycle?")
    _tab_to(page, "Show only if the answer to")
    page.keyboard.type("Q1")  # a select's type-ahead
    _tab_to(page, "Condition")
    page.keyboard.type("is")
    _tab_to(page, "Option")
    page.keyboard.type("Yes")
    _tab_to(page, "Add the question")
    _enter(page, axe_check)
    q2 = survey.draft_version.questions.get(code="Q2")
    assert (q2.show_if_code, q2.show_if_operator, q2.show_if_value) == ("Q1", "is", "o1")
    _add_question(page, axe_check, page_number=2, kind_steps=0, text="Anything else?")
    _tab_to(page, "Add the question")
    _enter(page, axe_check)

    # Move Q3 above Q2: the focus comes back to Q3's buttons.
    _tab_to(page, "Move up Q3")
    _enter(page, axe_check)
    assert [q.code for q in survey.draft_version.pages.last().questions.order_by("position")] == ["Q3", "Q2"]
    assert _focused(page).endswith("Q3")
    _shot(page, "builder-1280")

    # Page 2 above page 1: Q2's rule now points forward, and the logic check says so.
    _tab_to(page, "Move up page 2")
    _enter(page, axe_check)
    _tab_to(page, "Logic check (1 error)")
    _enter(page, axe_check)
    assert page.get_by_text("Error: Q2's rule points at Q1, which comes later").count() == 1
    _shot(page, "logic-error-1280")
    assert not Survey.objects.get(pk=survey.pk).is_live

    # Fixed by moving the page back down; then the survey opens.
    visit(page, f"/w/travel/surveys/{survey.pk}/build/")
    _tab_to(page, "Move down page 1")
    _enter(page, axe_check)
    _tab_to(page, "Logic check")
    assert _focused(page) == "Logic check"
    _tab_to(page, "Open survey")
    _enter(page, axe_check)
    _tab_to(page, "Open the survey")
    _enter(page, axe_check)
    assert Survey.objects.get(pk=survey.pk).is_live
    assert page.get_by_text("Publish changes").count() >= 1


def test_the_builder_pages_fit_320_pixels(world, new_context, sign_in, visit):
    from tests.surveys.builders import SAMPLE_PAGES, make_survey

    survey = make_survey(world["workspace"], world["manager"], pages=SAMPLE_PAGES, title="Travel survey")
    page = sign_in(new_context(viewport={"width": 320, "height": 640}), world["manager"]).new_page()
    too_wide = {}
    draft = survey.draft_version
    question = draft.questions.get(code="Q4")
    for path, name in (("/w/travel/surveys/", "index-320"), (f"/w/travel/surveys/{survey.pk}/build/", "builder-320"),
                       (f"/w/travel/surveys/{survey.pk}/logic/", "logic-320"),
                       (f"/w/travel/surveys/{survey.pk}/settings/", None),
                       (f"/w/travel/surveys/{survey.pk}/build/questions/{question.pk}/", "question-320"),
                       (f"/w/travel/surveys/{survey.pk}/publish/", None),
                       (f"/w/travel/surveys/{survey.pk}/versions/", None)):
        visit(page, path)
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
        if name:
            _shot(page, name)
    assert not too_wide, f"pages wider than the 320px screen: {too_wide}"
