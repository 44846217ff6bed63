"""Hostile notes and titles come out inert: no script runs, no event handler, no javascript: link."""

from links.models import Link

from .builders import form_data, html_elements, make_link, url_for

HOSTILE_NOTE = """<script>alert('note')</script>
<img src=x onerror=alert(1)>
<a href="javascript:alert(2)">click</a>
[md link](javascript:alert(3))
<svg onload=alert(4)></svg>
<iframe src="https://evil.example"></iframe>
**still bold**"""


def assert_inert(html):
    for tag, attrs in html_elements(html):
        if tag == "script":  # only our own static scripts (htmx), never inline ones
            assert attrs.get("src", "").startswith("/static/"), attrs
        assert tag not in {"iframe", "svg", "object", "embed"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith(("javascript:", "data:text")), (tag, name, value)


def test_hostile_note_is_stored_sanitised(workspace, contributor):
    link = make_link(workspace, contributor, note=HOSTILE_NOTE)
    assert_inert(link.note_html)
    assert "<strong>still bold</strong>" in link.note_html


def test_hostile_note_and_title_are_inert_on_the_detail_and_list_pages(as_user, workspace, contributor):
    client = as_user(contributor)
    response = client.post(
        url_for("create", workspace),
        form_data(title="<script>alert('title')</script><img src=x onerror=alert(5)>", note=HOSTILE_NOTE),
    )
    link = Link.objects.get()
    assert response.status_code == 302
    for url in (url_for("detail", workspace, link), url_for("index", workspace), url_for("edit", workspace, link)):
        page = client.get(url)
        assert page.status_code == 200
        assert_inert(page.content.decode())
        assert "<script>alert" not in page.content.decode()
    assert "&lt;script&gt;alert(&#x27;title&#x27;)" in client.get(url_for("detail", workspace, link)).content.decode()


def test_external_link_is_opened_without_opener_or_referrer(as_user, workspace, contributor):
    link = make_link(workspace, contributor, url="https://www.gov.uk/guidance/x")
    page = as_user(contributor).get(url_for("detail", workspace, link)).content.decode()
    anchors = [attrs for tag, attrs in html_elements(page) if tag == "a" and attrs.get("href") == link.url]
    assert anchors and all(a.get("rel") == "noopener noreferrer" for a in anchors)


def test_a_non_web_address_already_in_the_database_is_never_linked(as_user, workspace, contributor):
    link = make_link(workspace, contributor)
    Link.objects.filter(pk=link.pk).update(url="javascript:alert(1)")  # e.g. written by an old import
    page = as_user(contributor).get(url_for("detail", workspace, link)).content.decode()
    assert_inert(page)
