"""Three-way merge of texts, line by line (difflib only), for concurrent edits.

merge3(base, theirs, yours): `base` is the text both editors started from, `theirs` what was
saved meanwhile, `yours` what is being saved now. Where only one side changed a region, that
side's lines are taken; where both changed it the same way, once; where both changed it
differently, the region is a conflict and no merged text is produced. Changes to adjacent
lines count as overlapping, as in diff3 and git.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher


@dataclass
class Conflict:
    base: list
    theirs: list
    yours: list
    line: int  # 1-based line in `yours` where the region starts


@dataclass
class MergeResult:
    text: str | None  # the merged text; None when there are conflicts
    conflicts: list = field(default_factory=list)

    @property
    def clean(self):
        return not self.conflicts


def _sync_regions(base, a, b):
    """Regions unchanged on both sides: (base_start, base_end, a_start, a_end, b_start, b_end)."""
    a_blocks = SequenceMatcher(None, base, a).get_matching_blocks()
    b_blocks = SequenceMatcher(None, base, b).get_matching_blocks()
    regions = []
    ia = ib = 0
    while ia < len(a_blocks) and ib < len(b_blocks):
        a_base, a_at, a_len = a_blocks[ia]
        b_base, b_at, b_len = b_blocks[ib]
        start, end = max(a_base, b_base), min(a_base + a_len, b_base + b_len)
        if start < end:
            a_start, b_start = a_at + start - a_base, b_at + start - b_base
            regions.append((start, end, a_start, a_start + end - start, b_start, b_start + end - start))
        if a_base + a_len < b_base + b_len:
            ia += 1
        else:
            ib += 1
    regions.append((len(base), len(base), len(a), len(a), len(b), len(b)))
    return regions


def merge3(base, theirs, yours):
    base_lines, their_lines, your_lines = base.split("\n"), theirs.split("\n"), yours.split("\n")
    merged, conflicts = [], []
    iz = ia = ib = 0
    for z_start, z_end, a_start, a_end, b_start, b_end in _sync_regions(base_lines, their_lines, your_lines):
        old, mine, other = base_lines[iz:z_start], your_lines[ib:b_start], their_lines[ia:a_start]
        if mine or other or old:
            if mine == other or old == other:
                merged.extend(mine)
            elif old == mine:
                merged.extend(other)
            else:
                conflicts.append(Conflict(base=old, theirs=other, yours=mine, line=ib + 1))
        merged.extend(base_lines[z_start:z_end])
        iz, ia, ib = z_end, a_end, b_end
    if conflicts:
        return MergeResult(text=None, conflicts=conflicts)
    return MergeResult(text="\n".join(merged))


def names_of_savers(authors, actor):
    """Who saved a text after the editor loaded it, for "merged with the changes of ...":
    `authors` are the later versions' authors in order (None for a former member); the acting
    person is "you (in another window)". Each name once."""
    names = []
    for who in authors:
        name = "you (in another window)" if who == actor else (who.name if who else "a former member")
        if name not in names:
            names.append(name)
    return names
