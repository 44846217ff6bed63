"""Hostile Markdown, HTML and titles come out inert on every page that shows them: no script,
no event handler, no javascript: or data: links, no frames."""

import pytest

from wikis.models import Page
from wikis.services import page_move

from .builders import create_data, edit_data, html_elements, make_page, url_for

HOSTILE = """<script>alert('text')</script>
<img src=x onerror=alert(1)>
<a href="javascript:alert(2)">click</a>
[md link](javascript:alert(3))
[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
<svg onload=alert(4)></svg>
<iframe src="https://evil.example"></iframe>
<div style="background:url(javascript:alert(5))" onclick="alert(6)">x</div>
[[<script>alert(7)</script>]] [[x" onmouseover="alert(8)|label]] [[a|<img src=x onerror=alert(9)>]]
# Heading <img src=x onerror=alert(10)>
**still bold**"""

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "hx-get", "hx-post", "poster", "background"}
TITLE = "<script>alert('title')</script><img src=x onerror=alert(11)>"


def assert_inert(html):
    for tag, attrs in html_elements(html):
        if tag == "script":  # only our own static scripts (htmx), never inline ones
            assert attrs.get("src", "").startswith("/static/"), attrs
        assert tag not in {"iframe", "svg", "object", "embed", "style"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name != "style", (tag, name)
            if name in URL_ATTRIBUTES:
                value = (value or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, name, value)


def test_hostile_text_is_stored_sanitised(workspace, contributor):
    page = make_page(workspace, contributor, title="Hostile", text=HOSTILE)
    assert_inert(page.html)
    assert "<strong>still bold</strong>" in page.html


@pytest.mark.parametrize("title", [TITLE.replace("[", ""), "javascript:alert(1)", "\" onmouseover=\"alert(1)"])
def test_hostile_title_and_text_are_inert_on_every_page(as_user, workspace, contributor, manager, title):
    client = as_user(contributor)
    response = client.post(url_for("create", workspace), create_data(title=title, text=HOSTILE))
    assert response.status_code == 302
    page = Page.objects.get()
    client.post(url_for("edit", workspace, page), edit_data(page, text=HOSTILE + "\nmore", summary=TITLE))
    page.refresh_from_db()
    urls = [
        url_for("index", workspace), url_for("changes", workspace), url_for("page", workspace, page),
        url_for("edit", workspace, page), url_for("history", workspace, page), url_for("diff", workspace, page),
        url_for("revision", workspace, page, number=1), url_for("move", workspace, page),
        url_for("index", workspace) + "?q=alert",
    ]
    for url in urls:
        for user in (contributor, manager):
            response = as_user(user).get(url)
            assert response.status_code == 200, url
            assert_inert(response.content.decode())
    assert "alert" in page.title  # kept as typed, shown escaped


def test_hostile_preview_is_inert(as_user, workspace, contributor):
    for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = as_user(contributor).post(url_for("create", workspace), create_data(text=HOSTILE, preview="1"),
                                             **htmx)
        assert response.status_code == 200
        assert_inert(response.content.decode())


def test_a_wiki_link_cannot_smuggle_attributes_into_the_link(as_user, workspace, contributor):
    page = make_page(workspace, contributor, title="Links", text='[[x" onmouseover="alert(1)|label]]')
    html = as_user(contributor).get(url_for("page", workspace, page)).content.decode()
    [anchor] = [attrs for tag, attrs in html_elements(html) if tag == "a" and "wikilink" in attrs.get("class", "")]
    assert set(anchor) == {"class", "href"} and anchor["href"].startswith(url_for("create", workspace) + "?title=x%22")


def test_a_title_with_link_brackets_is_refused(as_user, workspace, contributor):
    response = as_user(contributor).post(url_for("create", workspace), create_data(title="[[Trick]]"))
    assert "Titles cannot contain [ ] or |" in response.content.decode()
    assert not Page.objects.exists()


def test_renaming_to_a_hostile_title_is_inert_in_the_move_summary(as_user, workspace, manager):
    page = make_page(workspace, manager, title="Plain")
    page_move(actor=manager, page=page, title=TITLE.replace("[", ""))
    page = Page.objects.get()
    html = as_user(manager).get(url_for("history", workspace, page)).content.decode()
    assert_inert(html)
