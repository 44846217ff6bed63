"""The wiki index's tree (wikis.tree), built in Python: the markup the recursive template gave."""

from types import SimpleNamespace

from django.urls import reverse

from wikis.selectors import Subpage
from wikis.tree import render_tree


def _top(pk, title, slug, access="anyone", label="Anyone"):
    return SimpleNamespace(pk=pk, title=title, slug=slug, view_access=access, shown_children=[], more_children=0,
                           get_view_access_display=lambda: label)


def test_the_tree_nests_subpages_counts_the_rest_and_escapes_titles():
    workspace = SimpleNamespace(slug="flagship")
    top = _top(1, "Plans & <notes>", "plans", access="managers", label="Managers only")
    child = Subpage(2, "Budget", "budget", "budget")
    child.shown_children, child.more_children = [Subpage(3, "2026", "2026", "2026")], 1
    top.shown_children, top.more_children = [child], 0
    html = render_tree([top, _top(4, "Glossary", "glossary")], workspace)
    page = reverse("wikis:page", kwargs={"workspace": "flagship", "slug": "budget"})
    assert html == (
        '<ul class="wiki-tree">'
        f'<li><a class="wiki-tree-top" href="{page.replace("budget", "plans")}">Plans &amp; &lt;notes&gt;</a>'
        ' <span class="badge">Managers only</span>'
        f'<ul><li><a href="{page}">Budget</a>'
        f'<ul><li><a href="{page.replace("budget", "2026")}">2026</a></li>'
        f'<li><a href="{page}#subpages">and 1 more subpage<span class="visually-hidden"> of Budget</span></a></li>'
        "</ul></li></ul></li>"
        f'<li><a class="wiki-tree-top" href="{page.replace("budget", "glossary")}">Glossary</a></li>'
        "</ul>"
    )
