"""Builders for wiki tests. Pages are made through the services, as the pages make them."""

import html as html_lib
import itertools
import re
from html.parser import HTMLParser

from django.urls import reverse

from wikis.services import page_create, page_update

_n = itertools.count(1)


def make_page(workspace, author, title=None, text="Some text.", parent=None, **extra):
    return page_create(
        actor=author, workspace=workspace, title=title or f"Page {next(_n)}", text=text, parent=parent, **extra
    )


def edit_page(page, author, text, summary="", **extra):
    return page_update(actor=author, page=page, text=text, summary=summary, **extra).page


def url_for(name, workspace, page=None, **kwargs):
    kwargs["workspace"] = workspace.slug
    if page is not None:
        kwargs["slug"] = page if isinstance(page, str) else page.slug
    return reverse(f"wikis:{name}", kwargs=kwargs)


def create_data(**overrides):
    data = {"title": "Meeting notes", "parent": "", "text": "Notes of our meetings.", "summary": "",
            "view_access": "anyone", "change_access": "members"}
    data.update(overrides)
    return data


def edit_data(page, **overrides):
    """The edit form as posted back after loading `page`."""
    data = {"text": page.text, "summary": "", "view_access": page.view_access, "change_access": page.change_access,
            "loaded_version": page.version}
    data.update(overrides)
    return data


def loaded_version(html):
    return int(re.search(r'name="loaded_version" value="(\d+)"', html).group(1))


def textarea(html, name="text"):
    """The text inside a textarea, unescaped."""
    match = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    return html_lib.unescape(match.group(1)) if match else None


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def html_elements(html):
    """Every start tag in a page as (tag, {attribute: value})."""
    parser = _Elements()
    parser.feed(html)
    return parser.elements
