"""Fixtures for document tests (builders are in builders.py)."""

import pytest

from .builders import make_file_document, make_folder, make_written


@pytest.fixture
def folder(workspace, manager):
    return make_folder(workspace, manager, "Minutes")


@pytest.fixture
def paper(workspace, manager, folder):
    """A PDF uploaded by the manager into "Minutes", open to every contributor."""
    return make_file_document(workspace, manager, title="March minutes", folder=folder)


@pytest.fixture
def draft(workspace, manager):
    """A document written here by the manager, open to every contributor."""
    return make_written(workspace, manager, title="Evaluation plan",
                        text="# Aims\n\nWe evaluate the pilot.\n\n# Budget\n\nThe budget is 10 million.\n")
