"""The private and public workspace, each with one of every object a URL can point at."""

import pytest

from .world import make_place


@pytest.fixture
def private(workspace, personas):
    return make_place("private", workspace, personas)


@pytest.fixture
def public(public_workspace, personas):
    return make_place("public", public_workspace, personas)
