"""Fixtures for wiki tests (builders are in builders.py)."""

import pytest

from .builders import make_page


@pytest.fixture
def home(workspace, manager):
    """A top-level page written by the manager, open to every contributor."""
    return make_page(workspace, manager, title="Programme handbook", text="# Aims\n\nWhat we are for.\n")
