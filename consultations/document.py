"""The consultation's document as data: sections with their Markdown, split into numbered
paragraphs. What the editor, the importers (DOCX, Markdown) and the builders hand to
services.save_document."""

import re
from dataclasses import dataclass, field

BLANK_LINES = re.compile(r"\n[ \t]*\n")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class SectionSpec:
    """A section of a document being saved: its heading, its Markdown text, its sub-sections."""

    heading: str
    text: str = ""
    children: list = field(default_factory=list)


def paragraphs_of(text):
    """The numbered paragraphs of a section's Markdown: its blocks, split at blank lines (a
    fenced code block stays whole). Empty blocks are dropped."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    blocks, current, fenced = [], [], False
    for line in text.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                blocks.append("\n".join(current).strip())
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current).strip())
    return [block for block in blocks if block]


def flattened(specs, prefix=""):
    """[(number, depth, spec, parent_number)] in document order: "1", "1.1", "2"..."""
    rows = []
    for index, spec in enumerate(specs, 1):
        number = f"{prefix}{index}"
        rows.append((number, number.count("."), spec, prefix.rstrip(".") or None))
        rows.extend(flattened(spec.children, prefix=f"{number}."))
    return rows
