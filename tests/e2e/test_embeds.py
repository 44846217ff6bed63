"""Widgets on another site, in a real browser: a department's page served from ANOTHER origin
(127.0.0.1 on a port of its own, while the live server is localhost: another site) with the
embed code; the workspace allows that origin. The iframe is titled with the question, fits its
content (a 20-answer poll: no inner scrollbar), takes a vote by keyboard, is usable at 320 px; a
site not on the allow-list is refused framing."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from polls.models import Participation
from polls.services import poll_create
from workspaces.models import Role, Visibility, Workspace

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUESTION = "Which day should the river path reopen?"
OPTIONS = [f"Option {i}" for i in range(1, 21)]


class HostSite:
    """A department's own site: one page with the embed code, served by a tiny http.server."""

    def __init__(self, html):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = site.html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.html = html
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def host_page(src, script, question=QUESTION):
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Department news</title></head>
<body><main><h1>Department news</h1>
<iframe data-engage-embed title="{question}" src="{src}" width="100%" height="480" loading="lazy"></iframe>
<script src="{script}" defer></script>
</main></body></html>"""


@pytest.fixture
def world(live_server):
    workspace = make_workspace(name="River Path Review", slug="river", visibility=Visibility.PUBLIC,
                               organisation=make_organisation("Department for Paths", slug="dfp"))
    manager = make_user("maya@example.org", "Maya Manager")
    add_member(workspace, manager, Role.MANAGER)
    poll = poll_create(actor=manager, workspace=workspace, question=QUESTION, options=OPTIONS, embed=True,
                       results="after_vote", publish=True)
    src = live_server.url + reverse("polls:embed", kwargs={"workspace": workspace.slug, "pk": poll.pk})
    script = live_server.url + "/static/js/engage-embed.js"
    allowed = HostSite(host_page(src, script))
    refused = HostSite(host_page(src, script))
    Workspace.objects.filter(pk=workspace.pk).update(embed_origins=allowed.origin)
    yield {"workspace": workspace, "poll": poll, "src": src, "allowed": allowed, "refused": refused}
    allowed.close()
    refused.close()


def widget_frame(page, src):
    page.wait_for_function("src => [...document.querySelectorAll('iframe')].some(f => f.src === src)", arg=src)
    for _ in range(50):
        frame = next((f for f in page.frames if f.url.startswith(src)), None)
        if frame is not None:
            frame.wait_for_load_state("load")
            return frame
        page.wait_for_timeout(100)
    raise AssertionError(f"no frame loaded {src}: {[f.url for f in page.frames]}")


def fits(page, frame):
    """The iframe is at least as tall as the document inside it (no inner scrollbar)."""
    inner = frame.evaluate("Math.ceil(document.documentElement.scrollHeight)")
    outer = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    return outer >= inner, inner, outer


def test_the_poll_on_another_site_fits_its_frame_and_takes_a_vote_by_keyboard(world, page, visit, axe_check, shot):
    allowed = world["allowed"]
    visit(page, allowed.origin + "/")
    assert page.locator("iframe").get_attribute("title") == QUESTION
    frame = widget_frame(page, world["src"])
    assert frame.title() == QUESTION
    assert frame.get_by_role("heading", level=1).inner_text() == QUESTION
    # engage-embed.js fitted the frame to the 20 answers (taller than the fixed 480 px).
    page.wait_for_function("document.querySelector('iframe').getBoundingClientRect().height > 480")
    ok, inner, outer = fits(page, frame)
    assert ok, f"iframe {outer}px, its document {inner}px"
    assert frame.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    shot(page, "embed-poll-on-another-site")

    # Vote by keyboard inside the frame: the third answer, then the Vote button.
    frame.get_by_label("Option 3", exact=True).focus()
    page.keyboard.press("Space")
    assert frame.get_by_label("Option 3", exact=True).is_checked()
    frame.get_by_role("button", name="Vote").focus()
    with frame.expect_navigation():
        page.keyboard.press("Enter")
    frame.wait_for_load_state("load")
    text = frame.locator("main").inner_text()
    assert "your vote is counted" in text, text  # the partitioned cookie came back in the frame
    assert "1 unverified vote" in text
    assert Participation.objects.filter(poll=world["poll"], unverified=True).count() == 1
    # Results shown: the height was posted again and the frame still fits.
    for _ in range(50):
        ok, inner, outer = fits(page, frame)
        if ok:
            break
        page.wait_for_timeout(100)
    assert ok, f"after voting: iframe {outer}px, its document {inner}px"
    shot(page, "embed-poll-voted")
    axe_check(page)


def test_the_widget_is_usable_at_320_pixels(world, new_context, visit):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    visit(page, world["allowed"].origin + "/")
    frame = widget_frame(page, world["src"])
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    button = frame.get_by_role("button", name="Vote")
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    # The widget on its own at 320 px passes axe too.
    visit(page, world["src"])


def test_a_site_not_on_the_allow_list_is_refused_framing(world, page, visit, tracker):
    visit(page, world["refused"].origin + "/")
    page.wait_for_function("() => window.frames.length === 1")
    child = page.frames[1]
    for _ in range(50):  # until Chromium has put its error page in the frame and said why
        if child.url.startswith("chrome-error://") and any("frame-ancestors" in e for e in tracker.csp_errors):
            break
        page.wait_for_timeout(100)
    # Chromium blocked it (an error page in the frame, never the widget) and says why in the
    # console: the expected violation, not a fault of our pages.
    refusals = [e for e in tracker.csp_errors if "frame-ancestors" in e]
    tracker.csp_errors[:] = [e for e in tracker.csp_errors if "frame-ancestors" not in e]
    assert child.url.startswith("chrome-error://"), child.url
    assert refusals and f"frame-ancestors {world['allowed'].origin}" in refusals[0], refusals
