"""The harness itself must be able to fail: axe findings, CSP violations and pages left
unchecked are all caught."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_axe_check_fails_on_a_serious_violation_and_names_it(page, visit, axe_check):
    visit(page, "/accounts/login/")
    page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"data:,\">')")
    with pytest.raises(AssertionError, match=r"\[critical\] image-alt: Images must have alternative text"):
        axe_check(page)


def test_axe_check_fails_on_a_moderate_violation_too(page, visit, axe_check):
    visit(page, "/accounts/login/")
    # A second navigation landmark with the same name as the header's: a "moderate" finding.
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<nav aria-label="' + document.querySelector('nav').getAttribute('aria-label') + '"></nav>')""")
    with pytest.raises(AssertionError, match=r"\[moderate\] landmark-unique"):
        axe_check(page)


def test_csp_violations_and_unchecked_pages_are_reported(page, visit, tracker):
    visit(page, "/accounts/login/")
    # An inline script, as an injected or careless template would add: the policy refuses it.
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
                                document.body.appendChild(s); }""")
    assert page.evaluate("() => window.ran") is None
    page.goto("/")  # not checked with axe
    problems = "\n".join(tracker.problems())
    assert "Content Security Policy" in problems
    assert "Pages visited without axe_check" in problems and page.url in problems
    # Clear what this test caused on purpose, so the teardown check passes.
    tracker.csp_errors.clear()
    tracker.landed.clear()
