"""The wiki index's page tree as HTML, built in Python: about 640 nodes at size L, where a
recursive template include and a `{% url %}` per node cost most of the page's time.
Same markup as before: nested lists, a badge on restricted top pages, and an "and N more
subpages" link (naming its page for screen readers) under a page with more than are shown."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from workspaces.kit.models import Access
from workspaces.lib.reversing import url_maker


def render_tree(pages, workspace):
    """The top pages of `pages` (from selectors.attach_children), each with its subpages."""
    page_url = url_maker("wikis:page", ["slug"], workspace=workspace.slug)

    def url(slug):
        return page_url(slug=slug)

    out = ['<ul class="wiki-tree">']
    for page in pages:
        out.append(f'<li><a class="wiki-tree-top" href="{url(page.slug)}">{escape(page.title)}</a>')
        if page.view_access != Access.ANYONE:
            out.append(f' <span class="badge">{escape(page.get_view_access_display())}</span>')
        _branch(page, url, out)
        out.append("</li>")
    out.append("</ul>")
    return mark_safe("".join(out))


def _branch(node, url, out):
    # Recursion depth is bounded by models.MAX_DEPTH.
    if not (node.shown_children or node.more_children):
        return
    out.append("<ul>")
    for child in node.shown_children:
        out.append(f'<li><a href="{url(child.slug)}">{escape(child.title)}</a>')
        _branch(child, url, out)
        out.append("</li>")
    more = node.more_children
    if more:
        out.append(
            f'<li><a href="{url(node.slug)}#subpages">and {more} more subpage{"" if more == 1 else "s"}'
            f'<span class="visually-hidden"> of {escape(node.title)}</span></a></li>'
        )
    out.append("</ul>")
