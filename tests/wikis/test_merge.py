"""The three-way merge: non-overlapping edits combine, overlapping ones are conflicts."""

from workspaces.lib.merge import merge3

BASE = "one\ntwo\nthree\nfour\nfive\nsix\n"


def test_edits_to_different_lines_are_both_kept():
    result = merge3(BASE, BASE.replace("one", "ONE"), BASE.replace("six", "SIX"))
    assert result.clean and result.text == "ONE\ntwo\nthree\nfour\nfive\nSIX\n"


def test_an_addition_and_a_removal_elsewhere_are_both_kept():
    theirs = BASE.replace("two\n", "")
    yours = BASE + "seven\n"
    assert merge3(BASE, theirs, yours).text == "one\nthree\nfour\nfive\nsix\nseven\n"


def test_the_same_change_on_both_sides_is_taken_once():
    changed = BASE.replace("three", "3")
    assert merge3(BASE, changed, changed).text == changed


def test_only_one_side_changed_gives_that_side():
    changed = BASE.replace("four", "4")
    assert merge3(BASE, BASE, changed).text == changed
    assert merge3(BASE, changed, BASE).text == changed


def test_different_changes_to_the_same_line_are_a_conflict():
    result = merge3(BASE, BASE.replace("three", "THREE"), BASE.replace("three", "3"))
    assert not result.clean and result.text is None
    [conflict] = result.conflicts
    assert (conflict.base, conflict.theirs, conflict.yours, conflict.line) == (["three"], ["THREE"], ["3"], 3)


def test_changes_to_adjacent_lines_count_as_overlapping():
    result = merge3(BASE, BASE.replace("three", "THREE"), BASE.replace("four", "FOUR"))
    assert not result.clean


def test_one_removes_a_line_the_other_changed_is_a_conflict():
    result = merge3(BASE, BASE.replace("five\n", ""), BASE.replace("five", "FIVE"))
    assert [(c.theirs, c.yours) for c in result.conflicts] == [([], ["FIVE"])]


def test_each_overlapping_region_is_reported():
    theirs = BASE.replace("one", "1").replace("six", "6")
    yours = BASE.replace("one", "uno").replace("six", "seis")
    assert [c.line for c in merge3(BASE, theirs, yours).conflicts] == [1, 6]


def test_empty_base_with_different_texts_is_a_conflict_and_with_one_empty_side_is_not():
    assert not merge3("", "theirs", "yours").clean
    assert merge3("", "theirs", "").text == "theirs"
