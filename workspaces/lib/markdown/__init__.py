"""One place turns user Markdown into safe HTML: markdown-it-py renders, nh3 sanitises.
Call render_markdown() when saving and store the result; never render per view.

Rendering is bounded, whatever the text (bench/markdown_worst.py measures the worst inputs):

- the parser nests at most MAX_NESTING deep (markdown-it's default, 100, makes each unmatched
  `[` look up to 100 tokens ahead); blocks nested deeper are shown as text, not dropped;
- the parser's steps are counted (each inline rule round, each skipped token, each block line,
  each token made, each web address found) against WORK_BUDGET. When a text spends it while
  its paragraphs, headings and cells are parsed, the top-level blocks done so far are kept and
  the rest, from the block where the budget ran out, is shown as escaped plain text, paragraph
  by paragraph: nothing typed is lost, only its formatting. (Spent already on finding the
  blocks, the whole text is shown so.) The count is deterministic: a text renders the same on
  every save, under any load;
- the few rules whose cost grows faster than the text (smart quotes, task lists, linkify's look
  back) are replaced or charged for what they cost;
- a text longer than MAX_RENDER_LENGTH is not parsed at all: it is shown as plain text.
"""

import re
from typing import NamedTuple

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from .bounds import BUDGET, MAX_NESTING, MAX_SMART_QUOTES, Budget, OverBudget, bounded, plain_html

__all__ = ["MAX_NESTING", "MAX_RENDER_LENGTH", "MAX_SMART_QUOTES", "WORK_BUDGET", "Rendered", "headings_down_one",
           "plain_html", "render_markdown", "render_measured", "sanitise_html"]

MAX_RENDER_LENGTH = 500_000  # characters: the longest text any field takes (a wiki page, a document)
# Parser steps for one text: real pages take 0.2-0.9 a character (tables of short cells 2), so
# a fifth to a half of it at MAX_RENDER_LENGTH; the worst inputs found end in 1-2.5 seconds
# (bench/README.md).
WORK_BUDGET = 1_000_000


def _parser(plugins=()):
    md = (
        MarkdownIt("js-default", {"linkify": True, "typographer": True})
        .enable(["linkify", "replacements", "smartquotes", "table", "strikethrough"])
        .use(footnote_plugin)
        .use(bounded)
    )
    for plugin in plugins:
        md.use(plugin)
    return md


_md = _parser()
_extended = {}  # plugins tuple -> parser, built once per process

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "s", "section", "small", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "scope", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "input": {"type", "checked", "disabled"},
    "ol": {"start"},
    "li": {"id", "class"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "sup": {"class"},
    "section": {"class"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html):
    """Make any HTML safe to show: allow-listed tags, attributes and URL schemes only."""
    return nh3.clean(
        _short_text_nodes(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


MAX_NODE_AMPERSANDS = 500
_TEXT = re.compile(r">([^<]+)")
_AMPERSAND = re.compile("[&\xa0]")


def _short_text_nodes(html):
    """nh3 (ammonia) takes time quadratic in the "&" and no-break spaces of one text node (a
    paragraph of 500,000 "&" takes seconds): an empty comment, which it drops, after every
    MAX_NODE_AMPERSANDS of them keeps each node short. The HTML it returns is the same."""
    if html.count("&") + html.count("\xa0") <= MAX_NODE_AMPERSANDS:
        return html

    def split(found):
        text = found.group(1)
        if text.count("&") + text.count("\xa0") <= MAX_NODE_AMPERSANDS:
            return found.group(0)
        pieces, start = [">"], 0
        for n, ampersand in enumerate(_AMPERSAND.finditer(text), 1):
            if n % MAX_NODE_AMPERSANDS == 0:
                pieces += [text[start:ampersand.start()], "<!---->"]
                start = ampersand.start()
        pieces.append(text[start:])
        return "".join(pieces)

    return _TEXT.sub(split, html)


def _headings_down_one(state):
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def headings_down_one(md):
    """A plugin for render_markdown: Markdown's # becomes <h2>, ## <h3> and so on, for text
    shown under a page title that is the page's only <h1>."""
    md.core.ruler.push("headings_down_one", _headings_down_one)


class Rendered(NamedTuple):
    html: str  # sanitised
    work: int  # parser steps spent
    complete: bool  # False: the budget ran out, and part or all of the text is shown as plain text
    # (or, when it ran out last, while finding web addresses, the rest of them are not links)


def _parser_for(plugins):
    if not plugins:
        return _md
    key = tuple(plugins)
    parser = _extended.get(key)
    if parser is None:
        parser = _extended.setdefault(key, _parser(key))
    return parser


def render_measured(text, *, plugins=(), budget=None):
    """render_markdown(), saying how much work it took and whether all of it was formatted
    (`budget`: parser steps, WORK_BUDGET unless given)."""
    if not text:
        return Rendered("", 0, True)
    budget = WORK_BUDGET if budget is None else budget
    if len(text) > MAX_RENDER_LENGTH:
        return Rendered(sanitise_html(plain_html(text)), 0, False)
    meter = Budget(budget)
    try:
        page_html = _parser_for(plugins).render(text, {BUDGET: meter})
    except OverBudget:  # while finding the blocks
        page_html = plain_html(text)
        meter.cut = True
    return Rendered(sanitise_html(page_html), budget - meter.left, not meter.cut)


def render_markdown(text, *, plugins=()):
    """Markdown (CommonMark + tables, footnotes, task lists, autolinks) -> sanitised HTML,
    within a bounded amount of work (see the module's docstring).

    `plugins`: markdown-it plugins a tool adds to the platform's syntax (e.g. the wiki's
    [[links]] and heading anchors). Pass module-level functions, the same tuple each time: the
    extended parser is built once and reused. The output is sanitised exactly as without them.
    """
    return render_measured(text, plugins=plugins).html
