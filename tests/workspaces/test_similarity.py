"""workspaces.lib.similarity: normalising, the same-text key, shingles, Jaccard, and grouping
nearly the same texts without comparing every pair."""

import random

from workspaces.lib import similarity
from workspaces.lib.similarity import NearDuplicates, exact_key, group_texts, jaccard, normalised, shingles

TEXT = ("We object to the closure of the Riverside library because it is the only place in the town where "
        "children can study after school and older people can use a computer for free")


def one_word_changed(text, at, word):
    words = text.split()
    words[at] = word
    return " ".join(words)


def test_normalised_folds_case_width_punctuation_and_whitespace():
    assert normalised("  Save our  PARKS!!\n\tNow… ") == "save our parks now"
    assert normalised("ＳＡＶＥ ｏｕｒ parks") == "save our parks"  # NFKC: full-width letters
    assert normalised("Straße") == normalised("STRASSE")  # casefold, not lower
    assert normalised("l'été — déjà-vu") == "l été déjà vu"
    assert normalised("हिन्दी में") == "हिन्दी में"  # combining vowel signs stay in their word
    assert normalised("") == "" and normalised(None) == "" and normalised("?!…") == ""


def test_the_exact_key_is_the_sha256_of_the_normalised_text():
    key = exact_key(normalised("Save our parks!"))
    assert key == exact_key(normalised("save  OUR parks")) and len(key) == 64
    assert key != exact_key(normalised("Save our park"))


def test_shingles_are_word_pairs_and_a_short_text_is_one_shingle():
    assert len(shingles("a b c d")) == 3
    assert shingles("a b c d") == shingles("a b c d")  # deterministic (CRC-32, not hash())
    assert len(shingles("hello")) == 1 and shingles("") == frozenset()


def test_jaccard():
    assert jaccard({1, 2, 3}, {2, 3, 4}) == 0.5
    assert jaccard(set(), set()) == 1.0 and jaccard({1}, set()) == 0.0


def test_one_word_changed_in_thirty_is_well_above_the_threshold_and_unrelated_text_far_below():
    near = jaccard(shingles(normalised(TEXT)), shingles(normalised(one_word_changed(TEXT, 10, "sole"))))
    two = jaccard(shingles(normalised(one_word_changed(TEXT, 3, "oppose"))),
                  shingles(normalised(one_word_changed(TEXT, 20, "pupils"))))
    other = jaccard(shingles(normalised(TEXT)), shingles(normalised("Please build more cycle lanes on the ring road "
                                                                    "and light the canal path at night")))
    assert near > 0.8 and two > similarity.THRESHOLD > 0.3 > other


def test_the_acceptance_example_groups_five_and_leaves_the_unique_one():
    items = [(1, TEXT), (2, TEXT.upper()), (3, TEXT + "!"), (4, one_word_changed(TEXT, 5, "shutting")),
             (5, one_word_changed(TEXT, 22, "pensioners")), (6, "I support the plan: the new library will be better.")]
    assert group_texts(items) == [[1, 2, 3, 4, 5]]


def test_short_texts_group_only_when_exactly_the_same():
    assert group_texts([(1, "I agree."), (2, "i agree"), (3, "I disagree")]) == [[1, 2]]
    finder = NearDuplicates()
    assert finder.add("a", "too short") is False


def test_empty_texts_are_never_grouped():
    assert group_texts([(1, ""), (2, "   "), (3, "?")]) == []


def test_the_work_grows_with_the_number_of_texts_not_its_square():
    rng = random.Random(5)
    vocabulary = [f"word{n}" for n in range(3000)]
    finder = NearDuplicates()
    count = 3000
    for n in range(count):
        if n % 3 == 0:
            text = one_word_changed(TEXT, rng.randrange(30), rng.choice(vocabulary))
        else:
            text = " ".join(rng.choice(vocabulary) for _ in range(30))
        finder.add(n, normalised(text))
    # At most KEYS comparisons per text: never count * (count - 1) / 2.
    assert finder.checks <= similarity.KEYS * count
    groups = finder.groups()
    assert len(groups) == 1 and len(groups[0]) == count // 3
