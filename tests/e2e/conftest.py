"""Browser test harness: headless Debian Chromium driven by Playwright's sync API against
pytest-django's live_server, with axe-core on every page a test visits.

Fixtures:
    browser          one Chromium per test session (per xdist worker)
    page             a fresh page (own context) per test, tracked for CSP errors and axe runs
    new_context      new_context(**options) -> a further, tracked browser context (a second person)
    axe_check        axe_check(page) -> fails on any violation, whatever its impact
    sign_in          sign_in(context, user) -> puts a signed-in session cookie into a context
    shot             shot(page, name) -> full-page screenshot in /tmp/e2e-shots/<name>.png
    visit            visit(page, path, status=200) -> goes there, checks the status, runs axe
    submit           submit(page, button_name) -> clicks a submit button, waits for the next
                     page and runs axe on it (if JavaScript is on)
    follow           follow(page, link_name) -> the same for a link

Every main-frame page a tracked page lands on must have been checked with axe_check (except in
contexts with JavaScript disabled, where axe cannot run): the test errors at teardown otherwise,
and also when the browser logged a Content-Security-Policy violation or a static file failed.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ENGAGE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(os.environ.get("ENGAGE_E2E_SHOTS", "/tmp/e2e-shots"))
TIMEOUT_MS = 10_000


def _browser_available():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return False
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def pytest_collection_modifyitems(config, items):
    if _browser_available() or os.environ.get("ENGAGE_REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason=f"Chromium ({CHROMIUM}) or Playwright/axe not available")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _without_fragment(url):
    return url.split("#", 1)[0]


class Tracker:
    """What happened in the pages of the contexts of one test."""

    def __init__(self):
        self.csp_errors = []
        self.failed_static = []
        self.landed = []  # (page, url) for every main-frame navigation, in order
        self.checked = set()  # (id(page), url) that axe ran on
        # Pages where axe cannot run: with JavaScript off, axe.run()'s promise never settles.
        self.unchecked_ok = set()

    def watch_context(self, context, javascript=True):
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", lambda page: self.watch_page(page, javascript))

    def watch_page(self, page, javascript=True):
        if not javascript:
            self.unchecked_ok.add(id(page))
        page.on("console", lambda msg: self._console(page, msg))
        page.on("response", self._response)
        page.on("framenavigated", lambda frame: self._navigated(page, frame))

    def _console(self, page, msg):
        if "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text:
            self.csp_errors.append(f"{page.url}: {msg.text}")

    def _response(self, response):
        if "/static/" in response.url and response.status >= 400:
            self.failed_static.append(f"{response.status} {response.url}")

    def _navigated(self, page, frame):
        if frame == page.main_frame and not frame.url.startswith("about:"):
            self.landed.append((page, _without_fragment(frame.url)))

    def problems(self):
        problems = []
        if self.csp_errors:
            problems.append("Content-Security-Policy violations:\n  " + "\n  ".join(self.csp_errors))
        if self.failed_static:
            problems.append("Static files that failed to load:\n  " + "\n  ".join(self.failed_static))
        missed = sorted(
            {url for page, url in self.landed
             if id(page) not in self.unchecked_ok and (id(page), url) not in self.checked}
        )
        if missed:
            problems.append("Pages visited without axe_check(page):\n  " + "\n  ".join(missed))
        return problems


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.when == "call":
        item.e2e_call_failed = report.failed
    return report


@pytest.fixture
def tracker(request):
    tracker = Tracker()
    yield tracker
    if getattr(request.node, "e2e_call_failed", False):
        return  # the test's own failure says what went wrong; pages left unchecked are expected
    problems = tracker.problems()
    assert not problems, "\n".join(problems)


@pytest.fixture
def new_context(browser, tracker, live_server):
    """new_context(**options) -> a new browser context (another person, another window size,
    JavaScript off...). Its pages are tracked like `page`'s. Closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", live_server.url)
        context = browser.new_context(**options)
        tracker.watch_context(context, javascript=options.get("java_script_enabled", True))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A fresh page in its own context (one person, desktop size)."""
    return new_context().new_page()


def _format_violation(violation):
    nodes = "\n".join(
        f"      {', '.join(map(str, node.get('target', [])))}: {node.get('failureSummary', '').strip()}"[:400]
        for node in violation["nodes"][:8]
    )
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']}\n    {violation['helpUrl']}\n{nodes}"


@pytest.fixture
def axe_check(tracker):
    """axe_check(page): run axe-core on the page as it is now; fail on any violation (minor and
    moderate ones too: issue 10 asks for none of any impact), naming the rule, its help text and
    the offending elements."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        if id(page) in tracker.unchecked_ok:
            pytest.fail("axe_check needs JavaScript; this page's context has it switched off")
        page.wait_for_load_state("load")
        results = axe.run(page)
        tracker.checked.add((id(page), _without_fragment(page.url)))
        violations = results.response["violations"]
        assert not violations, f"axe-core on {page.url}:\n" + "\n".join(_format_violation(v) for v in violations)
        return results

    return check


@pytest.fixture
def sign_in(live_server):
    """sign_in(context, user): give a browser context a signed-in session, as the test client
    does (the sign-in form itself is exercised by the tests that need it)."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.test import Client

    def sign(context, user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "domain": urlsplit(live_server.url).hostname,
              "path": "/", "httpOnly": True, "sameSite": "Lax"}]
        )
        return context

    return sign


@pytest.fixture
def shot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def visit(axe_check, tracker):
    def go(page, path, status=200):
        response = page.goto(path)
        assert response is not None and response.status == status, (
            f"GET {path}: {response.status if response else 'no response'} (expected {status})"
        )
        if id(page) not in tracker.unchecked_ok:
            axe_check(page)
        return response

    return go


def _click_and_check(role, axe_check, tracker):
    def click(page, name, exact=False):
        with page.expect_navigation():
            page.get_by_role(role, name=name, exact=exact).first.click()
        if id(page) not in tracker.unchecked_ok:
            axe_check(page)
        return page

    return click


@pytest.fixture
def submit(axe_check, tracker):
    return _click_and_check("button", axe_check, tracker)


@pytest.fixture
def follow(axe_check, tracker):
    return _click_and_check("link", axe_check, tracker)
