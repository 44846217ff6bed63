"""How the Markdown parser is kept bounded (see the package's docstring): the rules that count
its steps against a budget and stop it, and linear replacements for markdown-it's and its
plugins' rules whose cost grows faster than the text. `bounded` is the markdown-it plugin."""

import html
import re

from markdown_it.common.utils import isLinkClose, isLinkOpen
from markdown_it.rules_core.smartquotes import process_inlines
from markdown_it.rules_inline.linkify import linkify
from markdown_it.token import Token
from mdit_py_plugins.footnote.index import footnote_ref

MAX_NESTING = 20  # markdown-it's CommonMark preset; 9 lists or 19 quotes inside each other
MAX_SMART_QUOTES = 1_000  # quotes in one paragraph made typographic; more stay straight
MAX_QUOTED_LENGTH = 50_000_000  # ... and at most this many quotes x characters of the paragraph
MAX_LABEL_LENGTH = 999  # characters of a footnote's label (CommonMark's limit for link labels)
# Steps charged, besides one for each round of rules (about what each costs, in time):
TOKEN_COST = 4  # each token made (made, post-processed, rendered, sanitised)
LINK_COST = 30  # each web address found in text (parsed, normalised, checked)

BUDGET = "engage_budget"  # env keys
_LAST_BRACKETS = "engage_last_brackets"  # id(inline source) -> (source, index of its last "]")


class OverBudget(Exception):
    """The text spent its budget (raised by the parser's rules, caught by render_measured or
    by the core rules here)."""


class Budget:
    __slots__ = ("cut", "inline_seen", "inline_tokens", "left", "tokens")

    def __init__(self, steps):
        self.left, self.tokens, self.cut = steps, 0, False  # tokens: how many block tokens were charged
        self.inline_tokens, self.inline_seen = None, 0  # the inline token list being filled, its length

    def spend(self, steps):
        self.left -= steps
        if self.left < 0:
            raise OverBudget


def _spend(state, steps=1):
    budget = state.env.get(BUDGET)
    if budget is not None:
        budget.spend(steps)


# --- Metering and bounding the parser -------------------------------------------------------------


def _meter_inline(state, silent):
    """The first inline rule: a step for each round of rules at a position, and one for each
    token made since the last round."""
    budget = state.env.get(BUDGET)
    if budget is not None:
        made = len(state.tokens)
        if state.tokens is not budget.inline_tokens:
            budget.inline_tokens, budget.inline_seen = state.tokens, made
        budget.spend(1 + TOKEN_COST * max(made - budget.inline_seen, 0))
        budget.inline_seen = made
    return False


def _no_closing_bracket(state, silent):
    """A `[`, `![` or `^[` with no `]` anywhere after it can start no link, image or footnote:
    it is text. (Otherwise each one looks ahead for its `]`, MAX_NESTING tokens deep.)"""
    src, pos = state.src, state.pos
    width = 2 if src.startswith(("![", "^["), pos) else 1 if src[pos] == "[" else 0
    if not width:
        return False
    last_brackets = state.env.setdefault(_LAST_BRACKETS, {})
    known = last_brackets.get(id(src))
    if known is None or known[0] is not src:
        known = last_brackets[id(src)] = (src, src.rfind("]"))
    if known[1] > pos:
        return False
    if not silent:
        state.append_pending(src[pos:pos + width])
    state.pos += width
    return True


def _footnote_ref_bounded(state, silent):
    # The plugin's rule reads a label up to a space, a line end or "]", however far that is.
    if state.src.startswith("[^", state.pos) and not _LABEL_END.search(
            state.src, state.pos + 2, state.pos + 3 + MAX_LABEL_LENGTH):
        return False
    return footnote_ref(state, silent)


_LABEL_END = re.compile(r"[ \n\]]")


def _metered_skip_token(skip_token):
    # Looking ahead for the end of a link label skips token by token through the cache,
    # which runs no rule: counted here.
    def skip(state):
        _spend(state)
        skip_token(state)

    return skip


def _metered_linkify(state, silent):
    # The rule searches all the text since the last token for a scheme, at every "://".
    if state.src.startswith("://", state.pos):
        _spend(state, 1 + len(state.pending) // 16)
    return linkify(state, silent)


def _meter_block(state, start, end, silent):
    """The first block rule, and a terminator of paragraphs, quotes, lists and tables, so it
    runs at every block and every line they look at: charges a step and the tokens made since,
    and shows blocks nested too deep as text."""
    budget = state.env.get(BUDGET)
    if budget is not None:
        made = len(state.tokens)
        budget.spend(1 + TOKEN_COST * max(made - budget.tokens, 0))
        budget.tokens = made
    if silent or state.level < MAX_NESTING - 2:  # a list opens two levels at once
        return False
    # markdown-it skips what is nested deeper than maxNesting; here it becomes a paragraph.
    last = start + 1
    while last < end and (state.isEmpty(last) or state.sCount[last] >= state.blkIndent):
        last += 1
    state.push("paragraph_open", "p", 1).map = [start, last]
    token = state.push("inline", "", 0)
    token.content, token.map = state.getLines(start, last, state.blkIndent, False).strip(), [start, last]
    state.push("paragraph_close", "p", -1)
    state.line = last
    return True


def _top_level_start(tokens, index):
    """The index of the token that opens the top-level block holding tokens[index]."""
    for start in range(index, -1, -1):
        if tokens[start].level == 0 and tokens[start].map:
            return start
    return 0


def _inline_within_budget(state):
    """markdown-it's core `inline` rule, charging each paragraph, heading or cell. When the
    budget runs out, the top-level block being parsed and all after it are replaced by their
    source as plain text."""
    for index, token in enumerate(state.tokens):
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        try:
            _spend(state)
            state.md.inline.parse(token.content, state.md, state.env, token.children)
        except OverBudget:
            start = _top_level_start(state.tokens, index)
            line = state.tokens[start].map[0] if state.tokens[start].map else 0
            del state.tokens[start:]
            rest = Token("html_block", "", 0, block=True, content=plain_html("\n".join(state.src.split("\n")[line:])))
            state.tokens.append(rest)
            state.env[BUDGET].cut = True
            return


def _linkify_within_budget(state):
    """markdown-it's core `linkify` (example.org, someone@example.org in text become links)
    in one pass: the library's rebuilds a paragraph's token list for each text with a link,
    which is quadratic. Charges each address found; once the budget is spent, addresses stay
    text."""
    md = state.md
    if not md.options.linkify:
        return
    for inline in state.tokens:
        if inline.type == "inline" and inline.children and md.linkify.pretest(inline.content):
            try:
                inline.children = _linkified(state, inline.children)
            except OverBudget:
                state.env[BUDGET].cut = True
                return


def _linkified(state, tokens):
    md, out, in_link, in_html_link = state.md, [], 0, 0
    for token in tokens:
        if token.type == "link_open":
            in_link += 1
        elif token.type == "link_close":
            in_link -= 1
        elif token.type == "html_inline":
            if isLinkOpen(token.content):
                in_html_link += 1
            elif isLinkClose(token.content) and in_html_link:
                in_html_link -= 1
        elif token.type == "text" and not (in_link or in_html_link):
            _spend(state)
            if md.linkify.test(token.content):
                # No link may start right after an escape: http\://example.org stays text.
                after_escape = bool(out) and out[-1].type == "text_special"
                out.extend(_text_with_links(state, token, after_escape))
                continue
        out.append(token)
    return out


def _text_with_links(state, token, after_escape):
    md, text, level, done, out = state.md, token.content, token.level, 0, []

    def add(kind, tag, nesting, content="", **attrs):
        new = Token(kind, tag, nesting, content=content, level=level, **attrs)
        out.append(new)

    for link in md.linkify.match(text) or []:
        if after_escape and link.index == 0:
            continue
        _spend(state, LINK_COST)
        url = md.normalizeLink(link.url)
        if not md.validateLink(url):
            continue
        if not link.schema:  # example.org: shown without the http:// added to normalise it
            shown = md.normalizeLinkText("http://" + link.text).removeprefix("http://")
        elif link.schema == "mailto:" and link.text.lower().startswith("mailto:"):
            shown = md.normalizeLinkText("mailto:" + link.text).removeprefix("mailto:")
        else:
            shown = md.normalizeLinkText(link.text)
        if link.index > done:
            add("text", "", 0, text[done:link.index])
        add("link_open", "a", 1, attrs={"href": url}, markup="linkify", info="auto")
        level += 1
        add("text", "", 0, shown)
        level -= 1
        add("link_close", "a", -1, markup="linkify", info="auto")
        done = link.last_index
    if done < len(text):
        add("text", "", 0, text[done:])
    return out


def _smartquotes_within_reason(state):
    """markdown-it's `smartquotes`, whose cost grows with quotes x paragraph length and with
    the unmatched quotes: paragraphs with more than MAX_SMART_QUOTES keep straight quotes."""
    if not state.md.options.typographer:
        return
    for token in state.tokens:
        if token.type == "inline" and token.children:
            quotes = token.content.count('"') + token.content.count("'")
            if 0 < quotes <= MAX_SMART_QUOTES and quotes * len(token.content) <= MAX_QUOTED_LENGTH:
                process_inlines(token.children, state)


_TODO = re.compile(r"\[([ xX])\][ \t\n\v\f\r]+")


def _task_lists(state):
    """`- [ ] thing` and `- [x] done` become disabled checkboxes (GitHub's task lists; the same
    HTML as mdit_py_plugins' tasklists, whose search back for each item's list is quadratic)."""
    tokens, opened = state.tokens, []  # opened: indices of the open tokens around this one
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            opened.append(index)
        elif token.nesting == -1:
            if opened:
                opened.pop()
        elif (token.type == "inline" and token.children and len(opened) >= 3
              and tokens[index - 1].type == "paragraph_open" and tokens[index - 2].type == "list_item_open"
              and (todo := _TODO.match(token.content)) and token.children[0].type == "text"):
            checkbox = Token("html_inline", "", 0)
            checked = ' checked="checked"' if todo.group(1) != " " else ""
            checkbox.content = f'<input class="task-list-item-checkbox"{checked} disabled="disabled" type="checkbox">'
            token.children[0].content = token.children[0].content[3:]
            token.children.insert(0, checkbox)
            token.content = token.content[3:]
            tokens[index - 2].attrSet("class", "task-list-item")
            tokens[opened[-3]].attrSet("class", "contains-task-list")


def bounded(md):
    md.options["maxNesting"] = MAX_NESTING
    md.block.ruler.before("table", "engage_meter", _meter_block, {"alt": ["paragraph", "reference", "blockquote",
                                                                          "list"]})
    md.inline.ruler.before("text", "engage_meter", _meter_inline)
    md.inline.ruler.before("link", "no_closing_bracket", _no_closing_bracket)
    md.inline.ruler.at("linkify", _metered_linkify)
    md.inline.ruler.at("footnote_ref", _footnote_ref_bounded)
    md.inline.skipToken = _metered_skip_token(md.inline.skipToken)
    md.core.ruler.at("inline", _inline_within_budget)
    md.core.ruler.at("linkify", _linkify_within_budget)
    md.core.ruler.at("smartquotes", _smartquotes_within_reason)
    md.core.ruler.after("inline", "task_lists", _task_lists)


_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def plain_html(text):
    """Text as typed, escaped: a paragraph for each run of lines between blank lines."""
    return "".join(
        "<p>" + html.escape(paragraph, quote=False).replace("\n", "<br>\n") + "</p>\n"
        for paragraph in _BLANK_LINES.split(text) if paragraph.strip()
    )
