"""The one Markdown renderer is bounded: linear work on pathological input (counted in parser
steps, never timed: bench/markdown_worst.py has the times), a work budget past which the rest
of the text is shown as typed, and nothing a person typed ever dropped."""

import html
import re

import pytest

from workspaces.lib import markdown
from workspaces.lib.markdown import render_markdown


def render_measured(text, **kwargs):
    return markdown.render_measured(text, **kwargs)

_TAGS = re.compile(r"<[^>]+>")


def shown_text(page_html):
    """What a reader sees, as characters: tags dropped, entities decoded, no whitespace."""
    return "".join(html.unescape(_TAGS.sub("", page_html)).split())


def typed(text):
    return "".join(text.split())


@pytest.mark.parametrize("unit", ["[", "![", "[^", "[[a ", "^[", "[a"])
def test_it_renders_200000_unmatched_brackets_within_its_work_budget(unit):
    text = (unit * (200_000 // len(unit) + 1))[:200_000]
    rendered = render_measured(text)
    assert rendered.complete and rendered.work <= markdown.WORK_BUDGET
    assert shown_text(rendered.html) == typed(text)


PATHOLOGICAL = {
    "nested brackets": lambda n: "[" * (n // 2) + "a" + "]" * (n // 2),
    "brackets with a footnote defined": lambda n: "[^1]: a\n\n" + "[^" * (n // 2) + "]",
    "emphasis runs": lambda n: "*_" * (n // 2),
    "mixed emphasis": lambda n: "*a **b " * (n // 7),
    "strikethrough": lambda n: "~~a" * (n // 3),
    "autolink starts": lambda n: "<http://a" * (n // 9),
    "entities": lambda n: "&#1" * (n // 3),
    "backticks": lambda n: "`a``" * (n // 4),
    "addresses between emphasis": lambda n: "a.com *b* " * (n // 10),
    "nested quotes": lambda n: "> " * (n // 2) + "a",
    "nested lists": lambda n: "- " * (n // 2) + "a",
    "tasks": lambda n: "- [ ] a\n" * (n // 8),
    "same headings": lambda n: "# a\n" * (n // 4),
    "table rows of pipes": lambda n: "a|b\n-|-\n" + "|\n" * (n // 2),
    "table columns": lambda n: "|a" * (n // 6) + "|\n" + "|-" * (n // 6) + "|\n" + "|b" * (n // 6) + "|\n",
    "reference definitions": lambda n: "".join(f"[r{i}]: /u{i}\n" for i in range(n // 24)) + "\n"
                                       + " ".join(f"[r{i}]" for i in range(n // 24)),
}


@pytest.mark.parametrize("make", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_its_work_grows_linearly_on_pathological_input(make):
    small, large = render_measured(make(4_000)), render_measured(make(8_000))
    assert small.complete and large.complete
    assert large.work <= 2.2 * small.work + 50


def test_an_over_budget_text_keeps_its_first_blocks_and_shows_the_rest_as_typed():
    head = "# Plan\n\nSome **bold** words.\n"
    tail = "*a _b " * 300 + "\n\n- a [link](https://example.org) & <b>tag</b>\n\n    code\n"
    budget = 2 * render_measured(head).work + 10  # enough for the head and for finding the blocks, not for the rest
    rendered = render_measured(head + "\n" + tail, budget=budget)
    assert not rendered.complete
    assert rendered.html.startswith("<h1>Plan</h1>\n<p>Some <strong>bold</strong> words.</p>")
    rest = rendered.html.split("</p>", 1)[1]
    assert "<em>" not in rest and "<a" not in rest and "<li>" not in rest and "<b>" not in rest
    assert shown_text(rest) == typed(tail)  # every character, escaped: [link](...), &, <b>, the indent's text


def test_render_markdown_degrades_to_text_when_the_budget_is_spent(monkeypatch):
    monkeypatch.setattr(markdown, "WORK_BUDGET", 5, raising=False)
    text = "Some **bold** and _it_, a [link](https://example.org).\n\n> quoted\n\n- item & <i>x</i>"
    page_html = render_markdown(text)
    assert "<strong>" not in page_html and "<blockquote>" not in page_html and "<li>" not in page_html
    assert shown_text(page_html) == typed(text)
    assert page_html.count("<p>") == 3  # its paragraphs are kept


def test_blocks_nested_too_deep_are_shown_as_text_not_dropped():
    text = "> " * 120 + "deep words\n\n" + "- " * 60 + "deep item"  # markdown-it dropped them at 100 levels
    page_html = render_markdown(text)
    assert "deep words" in page_html and "deep item" in page_html
    assert page_html.count("<blockquote>") + page_html.count("&gt;") == 120
    assert page_html.count("<li>") + page_html.count("- ") == 60


def test_a_text_longer_than_any_field_takes_is_shown_as_plain_text():
    text = "**not bold** " * (markdown.MAX_RENDER_LENGTH // 13 + 1)
    rendered = render_measured(text)
    assert not rendered.complete and rendered.work == 0 and "<strong>" not in rendered.html
    assert shown_text(rendered.html) == typed(text)


def test_task_lists_links_and_quotes_render_as_before():
    assert render_markdown("- [ ] to do\n- [x] done\n  - [X] nested\n- [ ]\n") == (
        '<ul>\n<li class="task-list-item"><input disabled="disabled" type="checkbox"> to do</li>\n'
        '<li class="task-list-item"><input checked="checked" disabled="disabled" type="checkbox"> done\n<ul>\n'
        '<li class="task-list-item"><input checked="checked" disabled="disabled" type="checkbox"> nested</li>\n'
        "</ul>\n</li>\n<li>[ ]</li>\n</ul>\n"
    )
    assert render_markdown("See example.org, *a.com* and me@example.org; [x.org](https://y.org) http\\://z.org") == (
        '<p>See <a href="http://example.org" rel="noopener noreferrer nofollow">example.org</a>, '
        '<em><a href="http://a.com" rel="noopener noreferrer nofollow">a.com</a></em> and '
        '<a href="mailto:me@example.org" rel="noopener noreferrer nofollow">me@example.org</a>; '
        '<a href="https://y.org" rel="noopener noreferrer nofollow">x.org</a> http://z.org</p>\n'
    )
    assert render_markdown("\"Yes\" -- it's 'done'") == "<p>“Yes” – it’s ‘done’</p>\n"


def test_a_paragraph_with_too_many_quotes_keeps_them_straight():
    text = "\"a\" " * (markdown.MAX_SMART_QUOTES // 2 + 1)
    assert render_markdown(text) == f"<p>{text.strip()}</p>\n"


def test_every_markdown_field_is_limited_to_what_the_renderer_formats():
    from comments.models import MAX_BODY_LENGTH
    from documents import models as documents
    from links.models import Link
    from wikis.models import MAX_TEXT_LENGTH

    limits = [MAX_TEXT_LENGTH, documents.MAX_TEXT_LENGTH, documents.MAX_DESCRIPTION_LENGTH,
              documents.MAX_COMMENT_LENGTH, MAX_BODY_LENGTH, Link._meta.get_field("note").max_length]
    assert max(limits) <= markdown.MAX_RENDER_LENGTH


@pytest.mark.parametrize("text", ["&" * 5_000, "a & b\u00a0" * 2_000, "    code &&\n" * 1_000, "*x* &amp; " * 1_500])
def test_text_with_thousands_of_ampersands_is_sanitised_as_it_would_be_in_one_piece(text, monkeypatch):
    split = render_markdown(text)
    monkeypatch.setattr(markdown, "MAX_NODE_AMPERSANDS", 10**9)  # nh3 on the HTML as rendered, in one piece
    assert split == render_markdown(text) and "<!--" not in split
