"""The order a question's options are shown in.

    choices, rows, columns = ordered(question, options, seed=response.pk)

`options` are the question's Option rows (every role, any order). `choices` are its options
(choices, scale points, items to rank), `rows` and `columns` a matrix's. All by position; when
`question.randomise` (and the kind allows it) choices, items and matrix rows are shuffled, the
same way every time for one seed (the response's id: a page shown again keeps its order) and
differently for another. An option coded "other" stays last; scale points and matrix columns are
never shuffled (they are a scale).
"""

import random

from .kinds import OTHER, Kind, spec
from .models import OptionBase

Role = OptionBase.Role


def _by_position(options, role):
    return sorted((o for o in options if (o.role or Role.OPTION) == role), key=lambda o: (o.position, o.code))


def _shuffled(items, question, seed):
    # A string seed: random.Random hashes it with SHA-512, the same in every process (hash() is not).
    shuffled = list(items)
    random.Random(f"{question.code}:{seed}").shuffle(shuffled)
    return [o for o in shuffled if o.code != OTHER] + [o for o in shuffled if o.code == OTHER]


def ordered(question, options, seed):
    """(choices, rows, columns) in the order to show them to the respondent with this seed."""
    options = list(options)
    kind = Kind(question.kind)
    shuffle = question.randomise and spec(kind).randomisable and seed is not None
    if kind == Kind.MATRIX:
        rows = _by_position(options, Role.ROW)
        return [], (_shuffled(rows, question, seed) if shuffle else rows), _by_position(options, Role.COLUMN)
    if not spec(kind).options:
        return [], [], []
    choices = _by_position(options, Role.OPTION)
    if shuffle:
        return _shuffled(choices, question, seed), [], []
    return [o for o in choices if o.code != OTHER] + [o for o in choices if o.code == OTHER], [], []
