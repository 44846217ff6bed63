"""kit.questions.ordering.ordered: options by position; shuffled the same way for one respondent and
differently across respondents when the question asks; "other" last; scales never shuffled."""

from surveys.models import Option, Question
from workspaces.kit.questions.ordering import ordered

ROLE = Option.Role


def options(count, role=ROLE.OPTION, prefix="o", reverse=True):
    made = [Option(code=f"{prefix}{i}", label=f"{prefix} {i}", role=role, position=i) for i in range(1, count + 1)]
    return made[::-1] if reverse else made  # given in any order


def codes(items):
    return [o.code for o in items]


def test_options_by_position_when_not_randomised():
    question = Question(code="Q1", kind="single", text="?")
    choices, rows, columns = ordered(question, options(5), seed=7)
    assert codes(choices) == ["o1", "o2", "o3", "o4", "o5"] and rows == [] and columns == []


def test_a_shuffle_is_the_same_for_one_seed_and_differs_across_seeds():
    question = Question(code="Q1", kind="multiple", text="?", randomise=True)
    first = codes(ordered(question, options(8), seed=41)[0])
    assert codes(ordered(question, options(8), seed=41)[0]) == first
    assert sorted(first) == sorted(f"o{i}" for i in range(1, 9))
    orders = {tuple(codes(ordered(question, options(8), seed=seed)[0])) for seed in range(20)}
    assert len(orders) > 10


def test_other_stays_last_when_shuffled():
    question = Question(code="Q1", kind="single", text="?", randomise=True)
    given = options(6) + [Option(code="other", label="Other", position=0)]
    for seed in range(10):
        assert codes(ordered(question, given, seed=seed)[0])[-1] == "other"


def test_scale_points_are_never_shuffled():
    question = Question(code="Q1", kind="scale", text="?", randomise=True)
    assert codes(ordered(question, options(5), seed=3)[0]) == ["o1", "o2", "o3", "o4", "o5"]


def test_a_matrix_shuffles_its_rows_never_its_columns():
    question = Question(code="Q1", kind="matrix", text="?", randomise=True)
    given = options(6, ROLE.ROW, "r") + options(5, ROLE.COLUMN, "c")
    shuffled = {tuple(codes(ordered(question, given, seed=seed)[1])) for seed in range(10)}
    assert len(shuffled) > 1
    for seed in range(10):
        choices, rows, columns = ordered(question, given, seed=seed)
        assert choices == [] and codes(columns) == ["c1", "c2", "c3", "c4", "c5"]
        assert sorted(codes(rows)) == sorted(f"r{i}" for i in range(1, 7))


def test_kinds_without_options_have_none():
    for kind in ("short_text", "long_text", "number", "date", "email"):
        assert ordered(Question(code="Q1", kind=kind, text="?"), [], seed=1) == ([], [], [])
