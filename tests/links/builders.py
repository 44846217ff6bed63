"""Builders for link tests. Links are made through the service, as the pages make them."""

import itertools
from html.parser import HTMLParser

from django.urls import reverse

from links.models import Link
from links.services import link_create
from workspaces.models import Access

_n = itertools.count(1)


def make_link(workspace, author, title=None, url=None, tags=(), note="", **extra):
    number = next(_n)
    return link_create(
        actor=author, workspace=workspace, url=url or f"https://www.gov.uk/guidance/item-{number}",
        title=title or f"Guidance item {number}", note=note, tags=list(tags), **extra,
    )


def url_for(name, workspace, link=None):
    kwargs = {"workspace": workspace.slug}
    if link is not None:
        kwargs["pk"] = link.pk if isinstance(link, Link) else link
    return reverse(f"links:{name}", kwargs=kwargs)


def form_data(**overrides):
    """A valid add/edit form post."""
    data = {
        "url": "https://www.gov.uk/guidance/new-guidance",
        "title": "New guidance",
        "note": "Worth a read.",
        "tags": "guidance",
        "view_access": Access.ANYONE,
        "change_access": Access.MEMBERS,
    }
    data.update(overrides)
    return data


def edit_data(link, **overrides):
    """The edit form as it would be posted back after loading `link`."""
    data = {
        "url": link.url, "title": link.title, "note": link.note, "tags": ", ".join(link.tag_names),
        "view_access": link.view_access, "change_access": link.change_access, "loaded_version": link.version,
    }
    data.update(overrides)
    return data




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
