"""The rendered "what changed": blocks of the saved (sanitised) HTML compared, the removed ones
in <del>, the added ones in <ins>, labelled in words; nothing unsafe written out again."""

from workspaces.lib.markdown import render_markdown
from workspaces.lib.rendered_diff import MAX_BLOCKS, diff_rendered, html_blocks


def test_it_marks_removed_and_added_blocks_and_keeps_the_rest():
    old = render_markdown("## Aims\n\nWe improve housing.\n\nWe start in March.\n")
    new = render_markdown("## Aims\n\nWe improve housing.\n\nWe start in April.\n\n- one\n- two\n")
    diff = diff_rendered(old, new)
    assert diff.changes == 1
    html = str(diff.html)
    assert '<del class="diff-block"><span class="diff-mark">Removed</span><p>We start in March.</p></del>' in html
    assert '<ins class="diff-block"><span class="diff-mark">Added</span><p>We start in April.</p></ins>' in html
    assert "<ins class=\"diff-block\"><span class=\"diff-mark\">Added</span><ul>" in html
    assert html.index("Aims") < html.index("March") < html.index("April")  # in reading order
    assert "<p>We improve housing.</p>" in html and html.count("diff-block") == 3


def test_identical_versions_have_no_changes():
    html = render_markdown("Same.\n")
    diff = diff_rendered(html, html)
    assert diff.identical and diff.html == ""


def test_it_writes_out_again_only_escaped_text_and_drops_ids():
    # Whatever slipped into stored HTML, text and attribute values are escaped again on the way out.
    old = '<h2 id="aims">Aims</h2>'
    new = '<h2 id="aims">Aims &lt;script&gt;alert(1)&lt;/script&gt;</h2><p title="&quot;&gt;&lt;b">x</p>'
    html = str(diff_rendered(old, new).html)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'title="&quot;&gt;&lt;b"' in html
    assert 'id="aims"' not in html  # a heading in both a removed and an added block: no duplicate ids


def test_markdown_with_raw_html_is_sanitised_before_it_is_compared():
    new = render_markdown('Hello <script>alert(1)</script> <img src=x onerror="alert(2)">\n')
    html = str(diff_rendered("", new).html)
    assert "<script" not in html and "<img" not in html  # shown as text, never as elements
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_blocks_are_top_level_elements_with_void_elements_alone():
    assert html_blocks("<p>a <b>b</b></p>\n<hr>\n<ul><li>x</li></ul>") == ["<p>a <b>b</b></p>", "<hr>",
                                                                          "<ul><li>x</li></ul>"]


def test_too_many_blocks_are_not_compared():
    huge = "<p>x</p>" * (MAX_BLOCKS + 1)
    diff = diff_rendered("", huge)
    assert diff.notice and diff.html == "" and not diff.identical
