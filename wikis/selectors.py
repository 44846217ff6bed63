"""Reads for the wiki. Every list starts from the permission layer's visible(); deleted pages
are left out of lists except the managers' list of deleted pages."""

from urllib.parse import quote

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from workspaces import permissions
from workspaces.kit import selectors as kit_selectors
from workspaces.kit.models import title_key
from workspaces.kit.selectors import Moved, get_item

from . import markup
from .models import Page, PageRedirect, Revision

MAX_SEARCH_WORDS = 10
CHILDREN_SHOWN = 10  # subpages listed under each page of the index; the rest are counted
SUBTREE_ROWS = 2000  # subpages read for one page of the index, all levels together


# Listing a page never needs its text or stored rendering.
_LIST_FIELDS = ("text", "html", "toc")


def live_pages(user, workspace):
    """The pages of a workspace's wiki the user may see, deleted ones left out."""
    return permissions.visible(user, Page.objects.filter(is_deleted=False), within=workspace)


def get_page(user, workspace, slug, perm="wikis.view_page", deleted="hide"):
    """The page at `slug` if the user holds `perm` on it; otherwise 404/403 (`deleted`: see
    kit.selectors.get_item). Raises kit Moved for an old address of a page the user may see
    (never revealing a hidden page's address)."""
    page = (
        Page.objects.select_related("created_by", "updated_by", "deleted_by", "parent")
        .defer("parent__text", "parent__html", "parent__toc")
        .filter(workspace=workspace, slug=slug).first()
    )
    if page is None:
        old = PageRedirect.objects.filter(workspace=workspace, old_slug=slug)
        new_slug = old.values_list("page__slug", flat=True).first()
        if new_slug is None:
            raise Http404("No such page.")
        moved = get_page(user, workspace, new_slug, perm="wikis.view_page", deleted=deleted)
        raise Moved(moved, {"slug": moved.slug})
    return get_item(user, page, perm, deleted=deleted, workspace=workspace)


def ancestors(user, page):
    """The page's ancestors the user may see, top first (one query; none for a top page)."""
    ids = page.ancestor_ids
    if not ids:
        return []
    found = {p.pk: p for p in live_pages(user, page.workspace).filter(pk__in=ids).defer(*_LIST_FIELDS)}
    for ancestor in found.values():
        ancestor.workspace = page.workspace  # for get_absolute_url, without a query each
    return [found[pk] for pk in ids if pk in found]


def subpages(user, page):
    return live_pages(user, page.workspace).filter(parent=page).defer(*_LIST_FIELDS).order_by("title_key", "id")


def top_pages(user, workspace):
    return (
        live_pages(user, workspace).filter(parent__isnull=True).defer(*_LIST_FIELDS)
        .select_related("updated_by").order_by("title_key", "id")
    )


class Subpage:
    """A subpage in the index's tree: plain values, not a model instance (hundreds per request)."""

    __slots__ = ("pk", "title", "slug", "title_key", "shown_children", "more_children")

    def __init__(self, pk, title, slug, title_key):
        self.pk, self.title, self.slug, self.title_key = pk, title, slug, title_key
        self.shown_children, self.more_children = [], 0


def attach_children(user, workspace, pages):
    """Set `shown_children` (at most CHILDREN_SHOWN, each with its own in turn, to every level)
    and `more_children` on each page of a list and on every subpage below, from one query for
    all their subtrees (at most SUBTREE_ROWS rows: a larger wiki's deepest pages are counted on
    their parents' pages instead)."""
    pages = list(pages)
    for page in pages:
        page.shown_children, page.more_children = [], 0
    if not pages:
        return pages
    below = Q()
    for page in pages:
        below |= Q(path__startswith=page.path)
    rows = (live_pages(user, workspace).filter(below).exclude(pk__in=[p.pk for p in pages])
            .values_list("id", "parent_id", "title", "slug", "title_key").order_by("path")[:SUBTREE_ROWS])
    by_parent = {}
    for pk, parent_id, title, slug, key in rows:
        by_parent.setdefault(parent_id, []).append(Subpage(pk, title, slug, key))
    # Each row appears once, under its parent; a subpage whose parent is hidden from this reader is left out.
    stack = list(pages)
    while stack:
        node = stack.pop()
        children = sorted(by_parent.get(node.pk, ()), key=lambda c: (c.title_key, c.pk))
        node.shown_children, node.more_children = children[:CHILDREN_SHOWN], max(len(children) - CHILDREN_SHOWN, 0)
        stack.extend(node.shown_children)
    return pages


def search_pages(user, workspace, query):
    """Pages whose title or text has every word of the query, best (title) matches first."""
    pages = live_pages(user, workspace)
    words = query.split()[:MAX_SEARCH_WORDS]
    for word in words:
        pages = pages.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return (
        pages.select_related("parent").defer(*_LIST_FIELDS, "parent__text", "parent__html", "parent__toc")
        .order_by("title_key", "id")
    )


def parent_choices(user, workspace, exclude=None):
    """Pages a page may be put under, in tree order (a subtree follows its parent)."""
    pages = live_pages(user, workspace).only("id", "title", "path", "workspace_id").order_by("path")
    if exclude is not None:
        pages = pages.exclude(path__startswith=exclude.path)
    return pages


def history(page):
    """The page's revisions, newest first, without their texts."""
    return kit_selectors.history(page.revisions)


def get_revision(page, number):
    return kit_selectors.get_revision(page.revisions, number)


def revisions_pair(page, old, new):
    """Two revisions of a page by number, in one query. Http404 if either is missing."""
    return kit_selectors.revisions_pair(page.revisions, old, new)


def recent_changes(user, workspace):
    """Every revision of the pages the user may see, newest first."""
    return (
        Revision.objects.filter(workspace=workspace, page__in=live_pages(user, workspace).values("pk"))
        .select_related("author", "page")
        .defer("text", "html", "toc", "page__text", "page__html", "page__toc")
        .order_by("-created_at", "-id")
    )


def deleted_pages(user, workspace):
    return (
        permissions.visible(user, Page.objects.filter(is_deleted=True), within=workspace)
        .select_related("deleted_by").defer(*_LIST_FIELDS).order_by("-deleted_at", "-id")
    )


# --- [[Wiki links]] -----------------------------------------------------------------------------


def link_targets(user, workspace, titles):
    """title key -> slug of the page each [[title]] points at, for the pages the user may see:
    the live page with that title (the oldest, if pages in different places share it), else
    the page that had it before a rename. One query."""
    keys = {title_key(t) for t in titles}
    if not keys:
        return {}
    # One query: a page counts by its current title or, through the outer join, by an old one.
    rows = (
        live_pages(user, workspace).filter(Q(title_key__in=keys) | Q(redirects__old_title_key__in=keys))
        .values_list("title_key", "slug", "id", "redirects__old_title_key", "redirects__id").order_by()
    )
    found = set()
    for key, slug, page_id, old_key, redirect_id in rows:
        if key in keys:
            found.add((key, slug, 0, page_id))
        if old_key in keys:
            found.add((old_key, slug, 1, redirect_id))
    targets = {}
    for key, slug, _, _ in sorted(found, key=_link_priority):
        targets.setdefault(key, slug)
    return targets


def _link_priority(row):
    # Current titles before old ones; among pages the oldest, among old titles the latest rename.
    _, _, rank, row_id = row
    return (rank, row_id if rank == 0 else -row_id)


def resolve_wikilinks(user, workspace, page_html):
    """Stored page HTML with its [[link]] placeholders turned into links: to the page, or, for a
    page that does not exist (or that the user may not see), to the form that creates it."""
    titles = markup.linked_titles(page_html)
    if not titles:
        return mark_safe(page_html)
    targets = link_targets(user, workspace, titles)
    create_url = reverse("wikis:create", kwargs={"workspace": workspace.slug})

    def link_for(title, label_html):
        slug = targets.get(title_key(title))
        if slug:
            href = reverse("wikis:page", kwargs={"workspace": workspace.slug, "slug": slug})
            return f'<a class="wikilink" href="{escape(href)}">{label_html}</a>'
        href = f"{create_url}?title={quote(title)}"
        return (
            f'<a class="wikilink wikilink-missing" href="{escape(href)}">{label_html}'
            '<span class="visually-hidden"> (page does not exist yet)</span></a>'
        )

    return mark_safe(markup.replace_wikilinks(page_html, link_for))
