"""Questions of every kind in a real browser (the test-only harness, tests/workspaces/question_harness.py):
axe-clean and within the screen at 1280 and 320 px, with errors too; a 5 × 5 matrix answered by
keyboard alone at 320 px (Tab from row to row, arrow keys along a row), each radio named by its row
and its column; "Other" shows its text box without JavaScript. Screenshots of every kind at both
widths in /tmp/shots-questions/."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True),
              pytest.mark.urls("tests.workspaces.question_urls")]

SHOTS = Path("/tmp/shots-questions")
KINDS = {"Q1": "single", "Q2": "number", "Q3": "scale", "Q4": "multiple", "Q5": "matrix", "Q6": "long_text",
         "Q7": "short_text", "Q8": "dropdown", "Q9": "date", "Q10": "email", "Q11": "ranking", "Q12": "matrix-5x5"}
ROUTES = ["Riverside", "High Street", "Canal path", "Ring road", "Park lane"]
RATINGS = ["Very poor", "Poor", "Fair", "Good", "Very good"]


@pytest.fixture(scope="module", autouse=True)
def _shots_folder():
    SHOTS.mkdir(parents=True, exist_ok=True)


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def _shoot_each_question(page, suffix):
    for code, kind in KINDS.items():
        field = page.locator(".q-field").filter(has=page.locator(f"#q-{code}"))
        field.screenshot(path=str(SHOTS / f"{kind}-{suffix}.png"))


@pytest.mark.parametrize("width", [1280, 320])
def test_every_kind_is_accessible_and_fits_the_screen(new_context, visit, submit, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    visit(page, "/questions/")  # axe
    _fits(page, width)
    page.screenshot(path=str(SHOTS / f"all-{width}.png"), full_page=True)
    _shoot_each_question(page, str(width))

    page.get_by_role("radio", name="Riverside: Good").check()
    page.get_by_label("How many miles is your journey?").fill("250")
    submit(page, "Continue")  # axe on the page with errors
    _fits(page, width)
    summary = page.locator(".error-summary")
    assert "Select whether you cycle to work" in summary.inner_text()
    assert "Enter a number between 0 and 200" in summary.inner_text()
    matrix = page.locator(".q-field").filter(has=page.locator("#q-Q12"))
    assert matrix.locator(".error-message").text_content().split() == ["Error:", "Answer", "every", "row"]
    assert page.get_by_role("radio", name="Riverside: Good").is_checked()  # kept
    assert page.get_by_label("How many miles is your journey?").input_value() == "250"
    matrix.screenshot(path=str(SHOTS / f"matrix-error-{width}.png"))
    page.screenshot(path=str(SHOTS / f"all-errors-{width}.png"), full_page=True)


def test_each_matrix_radio_is_named_by_its_row_and_its_column(page, visit):
    visit(page, "/questions/?only=Q12")
    for route in ROUTES:
        group = page.get_by_role("group", name=route, exact=True)
        assert group.get_by_role("radio").count() == 5
        for rating in RATINGS:
            assert page.get_by_role("radio", name=f"{route}: {rating}", exact=True).count() == 1


def _focused(page):
    return page.evaluate("""() => { const e = document.activeElement;
        return {name: e.name || '', value: e.value || '', id: e.id,
                label: e.labels && e.labels.length ? e.labels[0].textContent.trim() : ''}; }""")


def test_a_5_by_5_matrix_answered_by_keyboard_alone_at_320_px(new_context, visit, axe_check):
    page = new_context(viewport={"width": 320, "height": 700}).new_page()
    visit(page, "/questions/?only=Q12")
    for _ in range(40):  # from the top of the page, as someone with a keyboard arrives
        page.keyboard.press("Tab")
        if _focused(page)["id"] == "q-Q12":
            break
    assert _focused(page)["id"] == "q-Q12", "Tab never reached the matrix's first radio"
    for row, route in enumerate(ROUTES):
        assert _focused(page)["name"] == f"q-Q12-r{row + 1}"  # Tab lands on the next row, not the next radio
        page.keyboard.press("Space")
        for _ in range(row):
            page.keyboard.press("ArrowRight")  # along the row: moves and chooses
        focused = _focused(page)
        assert focused["value"] == f"c{row + 1}"
        assert route in focused["label"] and RATINGS[row] in focused["label"]
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Continue"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    answer = page.locator(".q-answers dd").inner_text()
    assert answer == "; ".join(f"{route}: {rating}" for route, rating in zip(ROUTES, RATINGS, strict=True))


def test_other_shows_its_text_box_without_javascript(new_context):
    page = new_context(java_script_enabled=False, viewport={"width": 320, "height": 700}).new_page()
    page.goto("/questions/?only=Q4,Q8")
    box = page.get_by_label("If Other, please specify").first
    assert box.is_hidden()
    page.get_by_role("checkbox", name="Other").check()
    assert box.is_visible()
    page.get_by_label("Which area do you live in?").select_option("other")
    assert page.get_by_label("If Other, please specify").nth(1).is_visible()
    box.fill("A bus lane")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert "Enter what you mean by Other" in page.locator(".error-summary").inner_text()  # the dropdown's
    assert page.get_by_label("If Other, please specify").first.input_value() == "A bus lane"  # kept
    page.get_by_label("If Other, please specify").nth(1).fill("Riverside ward")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    answers = page.locator(".q-answers").inner_text()
    assert "Other: A bus lane" in answers and "Other: Riverside ward" in answers
