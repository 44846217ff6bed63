"""Readable differences between two versions of a text, as HTML (the wiki's revisions, documents' versions).

Lines are compared first; where lines were replaced, their sentences are compared, and within
replaced sentences their words, so a one-word edit in a long paragraph shows as that word.
Additions are <ins>, removals <del>, each with visually hidden "added:"/"removed:" text for
screen readers; the CSS marks them with underline and strike-through as well as colour.

Bounded time (difflib's matcher grows faster than linearly with its input): words are compared
only in blocks of at most MAX_BLOCK_WORDS, at most WORD_BUDGET words in all, within
TIME_BUDGET seconds, and only when both texts are at most MAX_WORD_DIFF_CHARS; past any of
these, changes are shown as whole lines or sentences removed and added, with a notice. Texts of
more than MAX_LINES lines are not compared at all.
"""

import re
import time
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_WORD_DIFF_CHARS = 200_000
MAX_BLOCK_WORDS = 2_000
WORD_BUDGET = 60_000
TIME_BUDGET = 0.3  # seconds of word-by-word comparison per diff
MAX_LINES = 20_000
CONTEXT_LINES = 3

LARGE_NOTICE = ("These revisions are too large to compare word by word, so changes are shown as whole lines "
                "removed and added.")
PARTLY_NOTICE = ("Some changes here are too large to compare word by word, so they are shown as whole "
                 "sentences or lines removed and added.")
TOO_LARGE_NOTICE = "These revisions have too many lines to compare here."

_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


@dataclass
class Diff:
    html: str  # safe HTML; empty when the texts are identical or too large to compare
    changes: int  # number of changed regions
    notice: str = ""  # why the comparison was simplified, if it was

    @property
    def identical(self):
        return self.changes == 0 and not self.notice


class _Budget:
    """How much word-by-word comparison is left."""

    def __init__(self, words, seconds):
        self.words = words
        self.deadline = time.monotonic() + seconds
        self.exceeded = False

    def take(self, old, new):
        count = len(old.split()) + len(new.split())
        if count > MAX_BLOCK_WORDS or count > self.words or time.monotonic() > self.deadline:
            self.exceeded = True
            return False
        self.words -= count
        return True


def _visible(text):
    if text.strip():
        return escape(text)
    # A removed or added blank line (or run of spaces) would otherwise be invisible.
    return escape(text) + '<span class="diff-blank">(blank)</span>'


def _removed(text):
    return f'<del class="diff-del"><span class="visually-hidden">removed: </span>{_visible(text)}</del>'


def _added(text):
    return f'<ins class="diff-ins"><span class="visually-hidden">added: </span>{_visible(text)}</ins>'


def _segments(text):
    """Sentences and lines, each with its trailing space or newline ("".join gives the text)."""
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        parts.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        parts.append(text[start:])
    return parts


def _coalesce(ops, a):
    """Join neighbouring changes, and changes separated only by one space or punctuation mark:
    "<del>a b</del><ins>c d</ins>" reads better than "<del>a</del><ins>c</ins> <del>b</del>..."."""
    out = []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        if tag != "equal" and out:
            last = out[-1]
            tiny_gap = (len(out) >= 2 and last[0] == "equal" and out[-2][0] != "equal"
                        and last[2] - last[1] == 1 and not a[last[1]].isalnum())
            if tiny_gap:
                out.pop()
            if out[-1][0] != "equal":
                _, p1, _, q1, _ = out.pop()
                out.append(("replace", p1, i2, q1, j2))
                continue
        out.append(op)
    return out


def _marked(a, b, ops):
    out = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(_removed("".join(a[i1:i2])))
        if j2 > j1:
            out.append(_added("".join(b[j1:j2])))
    return "".join(out)


def _word_diff(old, new):
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    return _marked(a, b, _coalesce(SequenceMatcher(None, a, b).get_opcodes(), a))


def _changed_block(old, new, budget):
    """A block of replaced lines: sentences compared, then words within changed sentences."""
    a, b = _segments(old), _segments(new)
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b).get_opcodes():
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            out.append(escape(old_part))
        elif tag == "replace" and budget.take(old_part, new_part):
            out.append(_word_diff(old_part, new_part))
        else:
            out.append((_removed(old_part) if old_part else "") + (_added(new_part) if new_part else ""))
    return "".join(out)


def diff_texts(old, new, context=CONTEXT_LINES):
    """Compare two texts; a Diff whose html lists each changed region with a little context."""
    if old == new:
        return Diff(html="", changes=0)
    old_lines, new_lines = old.split("\n"), new.split("\n")
    if len(old_lines) > MAX_LINES or len(new_lines) > MAX_LINES:
        return Diff(html="", changes=0, notice=TOO_LARGE_NOTICE)
    word_level = len(old) <= MAX_WORD_DIFF_CHARS and len(new) <= MAX_WORD_DIFF_CHARS
    budget = _Budget(WORD_BUDGET if word_level else 0, TIME_BUDGET)
    groups = list(SequenceMatcher(None, old_lines, new_lines).get_grouped_opcodes(context))
    out = ['<div class="diff">']
    shown_to = 0
    for group in groups:
        first_old, first_new = group[0][1], group[0][3]
        if first_old > shown_to:
            out.append(_skipped(first_old - shown_to))
        out.append(f'<div class="diff-hunk"><p class="diff-hunk-head">From line {first_new + 1}</p>'
                   '<pre class="diff-text">')
        rows = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(escape(line) for line in old_lines[i1:i2])
            elif tag == "delete":
                rows.extend(_removed(line) for line in old_lines[i1:i2])
            elif tag == "insert":
                rows.extend(_added(line) for line in new_lines[j1:j2])
            elif word_level:
                rows.append(_changed_block("\n".join(old_lines[i1:i2]), "\n".join(new_lines[j1:j2]), budget))
            else:
                rows.extend(_removed(line) for line in old_lines[i1:i2])
                rows.extend(_added(line) for line in new_lines[j1:j2])
        out.append("\n".join(rows))
        out.append("</pre></div>")
        shown_to = group[-1][2]
    if shown_to < len(old_lines):
        out.append(_skipped(len(old_lines) - shown_to))
    out.append("</div>")
    notice = LARGE_NOTICE if not word_level else (PARTLY_NOTICE if budget.exceeded else "")
    changes = sum(1 for group in groups for op in group if op[0] != "equal")
    return Diff(html=mark_safe("".join(out)), changes=changes, notice=notice)


def _skipped(count):
    return f'<p class="diff-skip">… {count} unchanged line{"s" if count != 1 else ""} …</p>'
