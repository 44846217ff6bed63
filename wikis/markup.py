"""Wiki Markdown: the platform's Markdown (workspaces.lib.markdown) plus two plugins.

- `[[Page title]]` and `[[Page title|label]]` become placeholder links (href "#wiki:<title>")
  in the stored HTML. They are resolved when the page is shown (selectors.resolve_wikilinks),
  with one query for all of a page's links, so a page created or restored later turns earlier
  "missing" links into real ones without re-rendering every page that mentions it.
- Headings get anchors (ids "h-<slug>") for the table of contents, and move down one level
  (# becomes <h2>): the page title is the page's only <h1>.
"""

import html
import re
from urllib.parse import quote, unquote

from django.utils.text import slugify

from workspaces.lib.markdown import render_markdown

from .models import MAX_TITLE_LENGTH

PLACEHOLDER = "#wiki:"
TOC_MIN_HEADINGS = 3  # fewer headings than this: the page is short enough without a contents list
TOC_MAX_LEVEL = 4  # <h2>..<h4> (Markdown #, ## and ###) are listed
MAX_LINKS_RESOLVED = 500  # links beyond this many distinct titles on one page stay placeholders
MAX_LINK_LENGTH = 2 * MAX_TITLE_LENGTH + 100  # characters between [[ and ]]: the title, a label

_WIKILINK_HTML = re.compile(r'<a href="#wiki:([^"]*)"[^>]*>(.*?)</a>', re.S)
_HEADING_HTML = re.compile(r'<h([2-6]) id="(h-[^"]*)">(.*?)</h\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def _wikilink_rule(state, silent):
    src, start = state.src, state.pos
    if not src.startswith("[[", start):
        return False
    # Looked for only as far as a link can be long: a search to the end of the text from every
    # "[[" would make a text of "[[" quadratic.
    end = src.find("]]", start + 2, min(start + 4 + MAX_LINK_LENGTH, state.posMax))
    if end < 0:
        return False
    inner = src[start + 2:end]
    if "\n" in inner or "[" in inner:
        return False
    target, _, label = inner.partition("|")
    target = " ".join(target.split())
    label = " ".join(label.split()) or target
    if not target or len(target) > MAX_TITLE_LENGTH:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.meta = {"target": target}
        token.content = label
    state.pos = end + 2
    return True


def _render_wikilink(self, tokens, idx, options, env):
    token = tokens[idx]
    href = PLACEHOLDER + quote(token.meta["target"], safe="")
    return f'<a href="{href}">{html.escape(token.content)}</a>'


def wikilinks_plugin(md):
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.add_render_rule("wikilink", _render_wikilink)


def _heading_anchors(state):
    used = state.env.setdefault("wiki_anchors", set())
    # base -> the last number given, so that a thousand headings "Notes" do not each count up from 1
    last = state.env.setdefault("wiki_anchor_numbers", {})
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type not in ("heading_open", "heading_close"):
            continue
        level = min(int(token.tag[1]) + 1, 6)
        token.tag = f"h{level}"
        if token.type == "heading_close":
            continue
        inline = tokens[i + 1] if i + 1 < len(tokens) else None
        children = (inline.children or []) if inline else []
        words = "".join(c.content for c in children if c.type in ("text", "code_inline"))
        base = slugify(words)[:60] or "section"
        anchor, n = base, last.get(base, 1)
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        last[base] = n
        token.attrSet("id", f"h-{anchor}")


def heading_anchors_plugin(md):
    md.core.ruler.push("wiki_heading_anchors", _heading_anchors)


PLUGINS = (wikilinks_plugin, heading_anchors_plugin)


def render(text):
    """Markdown -> (sanitised HTML with wiki-link placeholders, table of contents).

    The table of contents is a list of [level, anchor, text], empty for short pages."""
    page_html = render_markdown(text, plugins=PLUGINS)
    toc = [
        [int(level), anchor, html.unescape(_TAGS.sub("", inner)).strip()[:200]]
        for level, anchor, inner in _HEADING_HTML.findall(page_html)
        if int(level) <= TOC_MAX_LEVEL
    ]
    return page_html, (toc if len(toc) >= TOC_MIN_HEADINGS else [])


def linked_titles(page_html):
    """The titles the [[links]] in rendered HTML point at (at most MAX_LINKS_RESOLVED)."""
    titles = []
    seen = set()
    for encoded, _ in _WIKILINK_HTML.findall(page_html):
        title = unquote(encoded)
        if title not in seen:
            seen.add(title)
            titles.append(title)
            if len(titles) >= MAX_LINKS_RESOLVED:
                break
    return titles


def replace_wikilinks(page_html, link_for):
    """Replace each placeholder link: link_for(title, label_html) -> the <a> element to show."""
    return _WIKILINK_HTML.sub(lambda m: link_for(unquote(m.group(1)), m.group(2)), page_html)
