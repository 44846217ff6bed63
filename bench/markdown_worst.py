"""Markdown worst cases: how the one renderer's time grows on pathological inputs. Figures, not
assertions.

    .venv/bin/python bench/markdown_worst.py                      # every family at 8k..64k characters
    .venv/bin/python bench/markdown_worst.py --sizes 16000,32000,64000,128000 --only '[' '![' quotes
    .venv/bin/python bench/markdown_worst.py --huge               # + the finding: 500,000 characters
    .venv/bin/python bench/markdown_worst.py --list               # the families' names

Each family is one construct repeated (or nested) up to n characters: unmatched `[`, `![`,
nested brackets, [[wiki links]], footnote starts, emphasis delimiters, `<` and autolink starts,
backticks, nested blockquotes and lists, link reference definitions, entities, linkify bait,
tables with many columns or rows, HTML-ish text, quotes for the typographer, and ordinary prose
as the yardstick. Each is rendered through the wiki's renderer (wikis.markup.render: the
platform's Markdown and both wiki plugins, the widest set of rules) at growing sizes, and the
table shows the CPU time (time.process_time, best of --runs, so other processes on a shared
machine count less) at each size and the growth ratio time(2n) / time(n) at the two largest
sizes: ~2 is linear, ~4 quadratic. With the bounded renderer, "work" is the renderer's own
count of parser steps at the largest size (what its budget limits) and "plain" says whether
the budget was spent and the rest was shown as escaped text.

A family whose time at one size passes --cap seconds is not run at larger sizes ("-").
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")

import django  # noqa: E402

django.setup()

from wikis import markup  # noqa: E402
from workspaces.lib import markdown  # noqa: E402

PROSE = ("The council's housing review (2026) asks tenants about damp, heating and repairs; see "
         "https://example.org/review for the evidence, and *the summary* in **section 2**. ")


def repeat(unit):
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def nested(opening, middle, closing=""):
    """opening * k + middle + closing * k, about n characters."""
    pairs = lambda n: (n - len(middle)) // len(opening + closing)  # noqa: E731
    return lambda n: opening * pairs(n) + middle + closing * pairs(n)


def backtick_runs(n):
    """Runs of 1, 2, 3, ... backticks that never close (each run length is new)."""
    parts, total, k = [], 0, 1
    while total < n:
        parts.append("`" * k + "a")
        total += k + 1
        k += 1
    return "".join(parts)[:n]


def lines(make):
    """One line per item, up to n characters."""
    def build(n):
        out, total, i = [], 0, 0
        while total < n:
            out.append(make(i))
            total += len(out[-1]) + 1
            i += 1
        return "\n".join(out)[:n]
    return build


def references(n):
    half = lines(lambda i: f"[r{i}]: /u{i} 'title'")(n // 2)
    count = half.count("\n") + 1
    return half + "\n\n" + " ".join(f"[r{i % count}]" for i in range(n // 6))[: n // 2]


def footnotes(n):
    half = lines(lambda i: f"[^{i}]: note {i}")(n // 2)
    count = half.count("\n") + 1
    return " ".join(f"a[^{i % count}]" for i in range(n // 6))[: n // 2] + "\n\n" + half


def table_columns(n):
    cols = max(n // 6, 1)
    return "|a" * cols + "|\n" + "|-" * cols + "|\n" + "|b" * cols + "|\n"


FAMILIES = {
    "prose": repeat(PROSE),
    "prose, one line per sentence": lines(lambda i: PROSE.strip()),
    "[": repeat("["),
    "![": repeat("!["),
    "[a](": repeat("[a]("),
    "[a](b 'title": repeat("[a](b 'c "),
    "[[[ ]]] nested": nested("[", "a", "]"),
    "[[a (wiki link starts)": repeat("[[a "),
    "[[a|b (wiki, no end)": repeat("[[a|"),
    "[^ (footnote starts)": repeat("[^"),
    "[^ with one defined, ] at the end": lambda n: "[^1]: a\n\n" + repeat("[^")(n - 10) + "]",
    "**[ mixed": repeat("**["),
    "[*a]( mixed": repeat("[*a]("),
    "*a": repeat("*a"),
    "a_": repeat("a_"),
    "**a ": repeat("**a "),
    "*_": repeat("*_"),
    "*a **b": repeat("*a **b "),
    "~~a": repeat("~~a"),
    "<": repeat("<"),
    "<a ": repeat("<a "),
    "<a href='": repeat("<a href='"),
    "<http://a": repeat("<http://a"),
    "<!-- unclosed": repeat("<!-- a "),
    "<div> blocks": repeat("<div>"),
    "` runs 1,2,3..": backtick_runs,
    "`a``": repeat("`a``"),
    "\\ escapes": repeat("\\"),
    "& entities": repeat("&"),
    "&nbsp; entities": repeat("&nbsp;"),
    "&#1 entities": repeat("&#1"),
    "&amp no ;": repeat("&amp "),
    "a.com (linkify)": repeat("a.com "),
    "http://a.b (linkify)": repeat("http://a.b "),
    "a@b.c (linkify)": repeat("a@b.c "),
    "a.com *b* (linkify between tokens)": repeat("a.com *b* "),
    "a:// (linkify, no address)": repeat("a:// "),
    "quotes '\" (typographer)": repeat("'a\" "),
    "quotes ' only": repeat("'a "),
    "(c) -- ... replacements": repeat("(c)+-... -- "),
    "> > > nested quotes": nested("> ", "a"),
    "> lazy continuation": lambda n: "> a\n" + repeat("b\n")(n - 4),
    "- - - nested list": nested("- ", "a"),
    "1. 1. nested list": nested("1. ", "a"),
    "> - > - mixed": nested("> - ", "a"),
    "- [ ] tasks": lines(lambda i: "- [ ] a"),
    "# same heading": lines(lambda i: "# a"),
    "setext": lambda n: repeat("a\n")(n) + "===",
    "    indented code": lines(lambda i: "    a"),
    "[x]: refs + uses": references,
    "[^n]: footnotes + uses": footnotes,
    "table, many columns": table_columns,
    "table, many rows": lambda n: "|a|b|\n|-|-|\n" + lines(lambda i: "|a|b|")(n),
    "table, rows of pipes": lambda n: "a|b\n-|-\n" + lines(lambda i: "|")(n),
}


def at_most(make):
    return lambda n: make(n)[:n]


FAMILIES = {name: at_most(make) for name, make in FAMILIES.items()}  # n characters at most
HUGE = ("prose", "[", "![", "[[[ ]]] nested", "[^ with one defined, ] at the end", "**[ mixed", "*_", "<",
        "& entities", "a.com *b* (linkify between tokens)", "a:// (linkify, no address)", "quotes '\" (typographer)",
        "> lazy continuation", "# same heading", "- [ ] tasks", "table, many rows", "table, rows of pipes")


def measure(render, text, runs):
    best = None
    for _ in range(runs):
        start = time.process_time()
        render(text)
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
        if spent > 2:
            break  # slow enough: one run says it
    return best


def measured_details(text):
    measured = getattr(markdown, "render_measured", None)
    if measured is None:
        return "", ""
    result = measured(text, plugins=markup.PLUGINS)
    return f"{result.work:,}", "" if result.complete else "yes"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="8000,16000,32000,64000", help="characters, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cap", type=float, default=20.0, help="seconds: no larger sizes after one this slow")
    parser.add_argument("--only", nargs="*", help="family names")
    parser.add_argument("--huge", action="store_true", help="also time 500,000 characters of the worst families")
    parser.add_argument("--huge-only", action="store_true", help="only that")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list:
        print("\n".join(FAMILIES))
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    families = {name: make for name, make in FAMILIES.items() if not args.only or name in args.only}

    def render(text):
        return markup.render(text)

    if not args.huge_only:
        head = " | ".join(f"{size // 1000}k ms" for size in sizes)
        print(f"| family | {head} | ratio 2n/n | work at {sizes[-1] // 1000}k | plain |")
        print("| --- " * (len(sizes) + 4) + "|")
    for name, make in families.items() if not args.huge_only else ():
        times, capped = [], False
        for size in sizes:
            if capped:
                times.append(None)
                continue
            times.append(measure(render, make(size), args.runs))
            capped = times[-1] > args.cap
        done = [t for t in times if t is not None]
        ratio = f"{done[-1] / done[-2]:.2f}" if len(done) >= 2 and done[-2] > 0 else "–"
        work, plain = measured_details(make(sizes[-1])) if times[-1] is not None else ("", "")
        cells = " | ".join(f"{t * 1000:,.0f}" if t is not None else "-" for t in times)
        print(f"| {name} | {cells} | {ratio} | {work} | {plain} |", flush=True)
    if args.huge or args.huge_only:
        print("\n| family at 500,000 characters | seconds | work | plain |\n| --- | --- | --- | --- |")
        for name in HUGE:
            if args.only and name not in args.only:
                continue
            text = FAMILIES[name](500_000)
            spent = measure(render, text, 1)
            work, plain = measured_details(text)
            print(f"| {name} | {spent:.1f} | {work} | {plain} |", flush=True)


if __name__ == "__main__":
    main()
