"""Fixtures for forum tests: a board of the workspace and a thread on it."""

import pytest

from .builders import make_board, make_thread


@pytest.fixture
def board(workspace, manager):
    return make_board(workspace, manager, name="General")


@pytest.fixture
def thread(board, contributor):
    return make_thread(board, contributor, title="Spring workshops", text="Which dates suit everyone?")
