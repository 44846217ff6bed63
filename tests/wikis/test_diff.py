"""Differences between revisions: word-level, accessible (words, not colour alone), bounded
in time for huge texts."""

import time

from workspaces.lib import diff
from workspaces.lib.diff import diff_texts

from .builders import html_elements


def test_identical_texts_have_no_changes():
    result = diff_texts("same\n", "same\n")
    assert result.identical and result.html == ""


def test_a_changed_word_in_a_long_paragraph_is_marked_alone():
    old = "The budget for the housing programme is ten million pounds over three years."
    new = old.replace("ten", "twelve")
    html = diff_texts(old, new).html
    assert ('The budget for the housing programme is <del class="diff-del">'
            '<span class="visually-hidden">removed: </span>ten</del>'
            '<ins class="diff-ins"><span class="visually-hidden">added: </span>twelve</ins> million') in html


def test_neighbouring_changed_words_are_shown_as_one_change():
    html = diff_texts("the quick brown fox", "the slow red fox").html
    assert ">quick brown</del>" in html and ">slow red</ins>" in html


def test_added_and_removed_lines_say_so_in_words_for_screen_readers():
    html = diff_texts("keep\ngone\nstay\n", "keep\nstay\nadded line\n").html
    assert "removed: </span>gone</del>" in html and "added: </span>added line</ins>" in html


def test_an_added_blank_line_is_visible():
    html = diff_texts("a\nb", "a\n\nb").html
    assert '<span class="diff-blank">(blank)</span>' in html


def test_unchanged_stretches_are_summarised_with_their_length():
    old = "\n".join(f"line {i}" for i in range(100))
    new = old.replace("line 50", "line fifty")
    result = diff_texts(old, new)
    assert result.changes == 1
    assert "… 47 unchanged lines …" in result.html and "… 46 unchanged lines …" in result.html
    assert "line 10\n" not in result.html


def test_text_is_escaped():
    html = diff_texts("<b>x</b>", '<script>alert(1)</script><img src=x onerror="y">').html
    assert not [tag for tag, _ in html_elements(html) if tag in {"script", "img", "b"}]
    assert "script&gt;" in html and "onerror=&quot;y&quot;&gt;" in html


def test_two_huge_revisions_are_compared_line_by_line_with_a_notice_in_bounded_time():
    old = "\n".join(f"Paragraph {i} about housing standards and local plans." for i in range(6000))
    new = old.replace("Paragraph 10 ", "Paragraph ten ").replace("Paragraph 5000 ", "Section 5000 ")
    assert len(old) > diff.MAX_WORD_DIFF_CHARS
    started = time.monotonic()
    result = diff_texts(old, new)
    assert time.monotonic() - started < 5  # generous: the point is it is not quadratic in words
    assert result.notice == diff.LARGE_NOTICE
    assert "removed: </span>Paragraph 10 about" in result.html and "added: </span>Section 5000 about" in result.html


def test_a_replaced_block_too_big_for_word_comparison_is_shown_whole_with_a_notice():
    old = " ".join(f"w{i}" for i in range(3000)) + "."
    new = " ".join(f"v{i}" for i in range(3000)) + "."
    result = diff_texts(old, new)
    assert result.notice == diff.PARTLY_NOTICE
    assert result.html.count("<del") == 1 and result.html.count("<ins") == 1


def test_texts_with_too_many_lines_are_not_compared_but_say_why():
    result = diff_texts("x\n" * (diff.MAX_LINES + 1), "y\n" * 3)
    assert result.notice == diff.TOO_LARGE_NOTICE and result.html == "" and not result.identical
