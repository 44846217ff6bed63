"""One place turns user Markdown into safe HTML: markdown-it-py renders, nh3 sanitises.
Call render_markdown() when saving and store the result; never render per view."""

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin


def _parser(plugins=()):
    md = (
        MarkdownIt("js-default", {"linkify": True, "typographer": True})
        .enable(["linkify", "replacements", "smartquotes", "table", "strikethrough"])
        .use(footnote_plugin)
        .use(tasklists_plugin)
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
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _headings_down_one(state):
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def headings_down_one(md):
    """A plugin for render_markdown: Markdown's # becomes <h2>, ## <h3> and so on, for text
    shown under a page title that is the page's only <h1>."""
    md.core.ruler.push("headings_down_one", _headings_down_one)


def render_markdown(text, *, plugins=()):
    """Markdown (CommonMark + tables, footnotes, task lists, autolinks) -> sanitised HTML.

    `plugins`: markdown-it plugins a tool adds to the platform's syntax (e.g. the wiki's
    [[links]] and heading anchors). Pass module-level functions, the same tuple each time: the
    extended parser is built once and reused. The output is sanitised exactly as without them.
    """
    if not text:
        return ""
    parser = _md
    if plugins:
        key = tuple(plugins)
        parser = _extended.get(key)
        if parser is None:
            parser = _extended.setdefault(key, _parser(key))
    return sanitise_html(parser.render(text))
