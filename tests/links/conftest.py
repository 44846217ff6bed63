"""Fixtures for link tests (builders are in builders.py)."""

import pytest

from workspaces.models import Access

from .builders import make_link


@pytest.fixture
def links_of(workspace, manager, contributor):
    """One link by the contributor and one by the manager that only managers may change."""
    return {
        "own": make_link(workspace, contributor, title="Contributor's link"),
        "managers_only": make_link(workspace, manager, title="Manager's link", change_access=Access.MANAGERS),
    }
