"""The surveys' results pages in a real browser: axe-clean at 1280 and 320 px wide (no page
wider than the screen), the filters used by keyboard with JavaScript off. Screenshots go to
/tmp/shots-results/."""

from pathlib import Path

import pytest

from surveys.models import Survey
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from ..surveys.builders import SAMPLE_PAGES, make_survey
from ..surveys.results_builders import respond

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-results")


@pytest.fixture
def world():
    workspace = make_workspace(name="Active Travel Review", slug="travel",
                               organisation=make_organisation("Department for Transport Tests", slug="dftt"))
    manager = make_user("maya@example.org", "Maya Manager")
    reader = make_user("rita@example.org", "Rita Reader")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, reader, Role.READER)
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES, title="Cycling to work")
    answers = [
        {"Q1": "o1", "Q2": 12, "Q3": "o4", "Q4": ["o1", ("other", "<b>A bus</b>")], "Q5": {"r1": "c3", "r2": "c2"},
         "Q6": "More lanes on the <i>ring road</i>, please."},
        {"Q1": "o1", "Q2": 4.5, "Q3": "o2", "Q4": ["o2"], "Q5": {"r1": "c1"}, "Q6": "Lighting at night."},
        {"Q1": "o2", "Q3": "o3", "Q4": ["o3"]},
    ]
    first = None
    for n, given in enumerate(answers * 3):
        response = respond(survey, given, respondent=reader if n == 0 else None,
                           source="newsletter" if n % 2 else "")
        first = first or response
    respond(survey, {"Q1": "o1"}, status="in_progress")
    Survey.objects.filter(pk=survey.pk).update(results_published=True)
    return {"workspace": workspace, "manager": manager, "reader": reader, "survey": survey, "response": first}


def _pages(world):
    base = f"/w/travel/surveys/{world['survey'].pk}"
    return {
        f"{base}/results/": "results",
        f"{base}/results/?answer=Q1%3Ao1&status=all": "results-filtered",
        f"{base}/results/?version=9": "results-bad-filter",
        f"{base}/results/answers/Q6/": "text-answers",
        f"{base}/results/summary/": "summary",
        f"{base}/responses/": "responses",
        f"{base}/responses/{world['response'].pk}/": "response",
    }


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 320])
def test_every_results_page_is_axe_clean_and_fits_the_screen(world, new_context, sign_in, visit, width):
    page = sign_in(new_context(viewport={"width": width, "height": 900}), world["manager"]).new_page()
    too_wide = {}
    for path, name in _pages(world).items():
        visit(page, path)  # runs axe-core
        assert page.locator("h1").count() == 1, path
        width_used = page.evaluate("() => document.scrollingElement.scrollWidth")
        if width_used > width:
            too_wide[path] = width_used
        _shot(page, f"{name}-{width}")
    assert not too_wide, f"pages wider than the {width}px screen: {too_wide}"


def test_the_filters_work_by_keyboard_without_javascript(world, new_context, sign_in, visit):
    page = sign_in(new_context(java_script_enabled=False), world["manager"]).new_page()
    visit(page, f"/w/travel/surveys/{world['survey'].pk}/results/")
    page.get_by_label("Who answered").select_option("Q1:o2")
    page.get_by_label("Who answered").focus()
    page.keyboard.press("Tab")  # to "Filter results"
    assert page.evaluate("() => document.activeElement.innerText") == "Filter results"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "answer=Q1%3Ao2" in page.url
    assert "3 responses match these filters" in page.locator(".result-respondents").inner_text()


def test_the_summary_shows_no_written_answers_to_respondents(world, new_context, sign_in, visit):
    page = sign_in(new_context(), world["reader"]).new_page()
    visit(page, f"/w/travel/surveys/{world['survey'].pk}/results/summary/")
    assert page.get_by_role("heading", name="Q1 Do you cycle to work?").count() == 1
    assert page.get_by_text("ring road").count() == 0
    _shot(page, "summary-reader")
