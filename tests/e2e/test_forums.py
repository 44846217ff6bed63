"""The forums in a real browser: every page passes axe-core and fits 320 px; a thread and a
quote-reply are posted by keyboard alone; thread headings read "Post 2, in reply to post 1";
"Skip to first unread post" lands on it; posting and previewing work with JavaScript off."""

import pytest

from forums import services
from forums.models import Post, Thread
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    workspace = make_workspace(name="Housing Standards Review", slug="housing",
                               organisation=make_organisation("Department for Levelling", slug="dfl"))
    manager = make_user("maya@example.org", "Maya Manager")
    contributor = make_user("chris@example.org", "Chris Contributor")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, contributor, Role.CONTRIBUTOR)
    board = services.board_create(actor=manager, workspace=workspace, name="General discussion",
                                  description="Questions and news.")
    thread = services.thread_create(actor=manager, board=board, title="Workshop dates",
                                    text="Which dates suit **everyone**?")
    reply = services.reply(actor=contributor, thread=thread, text="The 12th suits me.", reply_to=1)
    services.post_edit(actor=contributor, post=reply, text="The 12th or the 19th suit me.")
    gone = services.board_create(actor=manager, workspace=workspace, name="Old board")
    services.board_delete(actor=manager, board=gone)
    return {"workspace": workspace, "manager": manager, "contributor": contributor, "board": board, "thread": thread}


def _pages(world):
    board, thread = world["board"], world["thread"]
    base = "/w/housing/forums"
    return {
        f"{base}/": "forum-index",
        f"{base}/b/{board.pk}/": "forum-board",
        f"{base}/b/{board.pk}/?show=unanswered": None,
        f"{base}/b/{board.pk}/new/": "forum-new-thread",
        f"{base}/t/{thread.pk}/": "forum-thread",
        f"{base}/t/{thread.pk}/?quote=2": "forum-quote",
        f"{base}/t/{thread.pk}/post/2/history/": "forum-history",
        f"{base}/t/{thread.pk}/post/1/edit/": None,
        f"{base}/t/{thread.pk}/post/1/remove/": None,
        f"{base}/new/": "forum-new-for-me",
        f"{base}/boards/new/": None,
        f"{base}/b/{board.pk}/edit/": None,
        f"{base}/boards/deleted/": None,
    }


def test_every_forum_page_has_no_accessibility_problems(world, new_context, sign_in, visit, shot):
    page = sign_in(new_context(), world["manager"]).new_page()
    for path, name in _pages(world).items():
        visit(page, path)  # runs axe
        assert page.locator("h1").count() == 1, f"{path}: one h1 per page"
        if name:
            shot(page, name)


def test_forum_pages_fit_a_320_pixel_wide_screen(world, new_context, sign_in, visit, shot):
    page = sign_in(new_context(viewport={"width": 320, "height": 640}), world["contributor"]).new_page()
    too_wide = {}
    for path in list(_pages(world))[:7]:
        if path.endswith(("/remove/", "/history/")):
            continue
        visit(page, path)
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    shot(page, "forum-thread-320")
    assert not too_wide, f"pages wider than the 320px screen: {too_wide}"


def _tab_to(page, text, limit=150):
    """Press Tab until the focused element's text (or label) starts with `text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; return (e.innerText || e.value || e.getAttribute('aria-label')"
            " || (e.labels && e.labels[0] && e.labels[0].innerText) || '').trim(); }")
        if focused.startswith(text):
            return
    raise AssertionError(f"Tab never reached {text!r}")


def test_a_thread_and_a_quote_reply_by_keyboard_alone(world, new_context, sign_in, visit, axe_check, shot):
    page = sign_in(new_context(), world["contributor"]).new_page()
    visit(page, f"/w/housing/forums/b/{world['board'].pk}/")
    _tab_to(page, "Start a thread")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    _tab_to(page, "Title")
    page.keyboard.type("Venues for March")
    _tab_to(page, "First post")
    page.keyboard.type("Leeds or Bristol?")
    _tab_to(page, "Start the thread")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    thread = Thread.objects.get(title="Venues for March")
    assert page.get_by_role("heading", name="Post 1").count() == 1
    # Quote post 1, by keyboard: the reply box opens with the quote, attributed and linked.
    _tab_to(page, "Quote post 1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    box = page.get_by_label("Your reply")
    assert "**Chris Contributor** wrote in [post 1]" in box.input_value()
    box.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type("Bristol, I think.")
    _tab_to(page, "Post reply")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    post = Post.objects.get(thread=thread, number=2)
    assert post.reply_to_number == 1 and post.body.endswith("Bristol, I think.")
    heading = page.get_by_role("heading", name="Post 2, in reply to post 1")
    assert heading.count() == 1
    assert page.locator("#post-2 blockquote").count() == 1
    shot(page, "forum-quote-reply")


def test_skip_to_the_first_unread_post(world, new_context, sign_in, visit, follow):
    thread = world["thread"]
    page = sign_in(new_context(), world["contributor"]).new_page()
    visit(page, f"/w/housing/forums/t/{thread.pk}/")
    services.reply(actor=world["manager"], thread=thread, text="Then the 19th it is.")
    visit(page, f"/w/housing/forums/t/{thread.pk}/")
    assert page.get_by_role("heading", name="Post 3 (unread)").count() == 1
    follow(page, "Skip to first unread post (post 3)")
    assert page.url.endswith("#post-3")


def test_replying_with_preview_works_with_javascript_off(world, new_context, sign_in, visit):
    thread = world["thread"]
    page = sign_in(new_context(java_script_enabled=False), world["contributor"]).new_page()
    visit(page, f"/w/housing/forums/t/{thread.pk}/")
    page.get_by_label("Your reply").fill("**Agreed**, the 19th.")
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    assert page.locator("#forum-preview strong").inner_text() == "Agreed"
    assert page.get_by_label("Your reply").input_value() == "**Agreed**, the 19th."
    with page.expect_navigation():
        page.get_by_role("button", name="Post reply").click()
    assert Post.objects.filter(thread=thread, body="**Agreed**, the 19th.").exists()


def test_quoting_the_selected_words_of_a_post(world, new_context, sign_in, visit):
    thread = world["thread"]
    page = sign_in(new_context(), world["contributor"]).new_page()
    visit(page, f"/w/housing/forums/t/{thread.pk}/")
    page.evaluate("""() => {
        const text = document.querySelector('#post-1 .forum-text p strong').firstChild;
        const range = document.createRange();
        range.setStart(text, 0); range.setEnd(text, 5);
        const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
    }""")
    page.get_by_role("link", name="Quote post 1").focus()
    page.keyboard.press("Enter")  # no page load: the words go straight into the reply box
    box = page.get_by_label("Your reply")
    assert box.input_value() == ("> **Maya Manager** wrote in [post 1](/w/housing/forums/t/"
                                 f"{thread.pk}/post/1/):\n>\n> every\n\n")
    assert page.locator("#reply input[name=reply_to]").input_value() == "1"
    assert page.evaluate("document.activeElement.name") == "text"
