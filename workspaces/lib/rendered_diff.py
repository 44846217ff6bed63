"""What changed, as it reads: two versions' rendered HTML compared block by block (paragraphs,
headings, lists, tables, quotes), the new version shown with each removed block in <del> and each
added one in <ins>, a visible "Removed"/"Added" label on each (not colour alone).

Takes only HTML that was already sanitised when it was saved (a revision's or version's `html`,
from workspaces.lib.markdown) and writes it out again from the parsed tags: every text and
attribute value is escaped again and `id` attributes are dropped (a heading kept in both a removed
and an added block must not give the page two elements with one id). Bounded: past MAX_BLOCKS
blocks on either side it does not compare, and says so.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_BLOCKS = 5_000
TOO_LARGE_NOTICE = "These versions have too many paragraphs to compare as they read; compare the text instead."
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}
DROPPED_ATTRIBUTES = {"id"}


@dataclass
class RenderedDiff:
    html: str  # safe HTML: the new version with its changes marked; empty when identical or too large
    changes: int
    notice: str = ""

    @property
    def identical(self):
        return self.changes == 0 and not self.notice


class _Blocks(HTMLParser):
    """The top-level elements of an HTML fragment, each written out again (escaped)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.current, self.depth = [], [], 0

    def _close_block(self):
        block = "".join(self.current).strip()
        if block:
            self.blocks.append(block)
        self.current = []

    def _tag(self, tag, attrs, closed=False):
        kept = "".join(f' {name}="{escape(value or "")}"' if value is not None else f" {name}"
                       for name, value in attrs if name not in DROPPED_ATTRIBUTES)
        return f"<{tag}{kept}{' /' if closed else ''}>"

    def handle_starttag(self, tag, attrs):
        self.current.append(self._tag(tag, attrs))
        if tag not in VOID:
            self.depth += 1
        elif self.depth == 0:
            self._close_block()

    def handle_startendtag(self, tag, attrs):
        self.current.append(self._tag(tag, attrs))
        if self.depth == 0:
            self._close_block()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.current.append(f"</{tag}>")
        self.depth = max(self.depth - 1, 0)
        if self.depth == 0:
            self._close_block()

    def handle_data(self, data):
        if self.depth == 0 and not data.strip():
            return  # the newline between two blocks
        self.current.append(escape(data))

    def close(self):
        super().close()
        self._close_block()


def html_blocks(html):
    parser = _Blocks()
    parser.feed(html or "")
    parser.close()
    return parser.blocks


def _marked(tag, label, block):
    return f'<{tag} class="diff-block"><span class="diff-mark">{label}</span>{block}</{tag}>'


def diff_rendered(old_html, new_html):
    """The new version's blocks with the old version's removed ones in <del> and its added ones
    in <ins>, in reading order (a replaced block: the old one first)."""
    old, new = html_blocks(old_html), html_blocks(new_html)
    if len(old) > MAX_BLOCKS or len(new) > MAX_BLOCKS:
        return RenderedDiff(html="", changes=0, notice=TOO_LARGE_NOTICE)
    out, changes = [], 0
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(new[j1:j2])
            continue
        changes += 1
        out.extend(_marked("del", "Removed", block) for block in old[i1:i2])
        out.extend(_marked("ins", "Added", block) for block in new[j1:j2])
    return RenderedDiff(html=mark_safe("\n".join(out)) if changes else "", changes=changes)
