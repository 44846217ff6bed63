"""Fixtures for forum tests. The moderation app (another app, behind workspaces.kit.moderation)
may not be installed: `moderation_stub` stands in for its writes, for unit tests of the forums'
own side of the contract (what is called, with what), and is used only where it is asked for."""

import pytest

from workspaces import registry

from .builders import make_board, make_thread

STUB_SERVICES = ("submitted", "edited", "withdrawn", "premoderates", "report_url", "report", "moderate")


class ModerationStub:
    def __init__(self):
        self.calls = []
        self.premoderate = False

    def service(self, name):
        def call(**kwargs):
            self.calls.append((name, kwargs))
            if name == "premoderates":
                return self.premoderate
            if name == "report_url":
                return f"/report/{kwargs['item'].pk}/"
            return None

        return call

    def names(self):
        return [name for name, _ in self.calls]


@pytest.fixture
def moderation_stub():
    stub = ModerationStub()
    saved = {name: registry._services.get(f"moderation.{name}") for name in STUB_SERVICES}
    for name in STUB_SERVICES:
        if saved[name] is None:  # the real app, when installed, is used as it is
            registry.provide(f"moderation.{name}", stub.service(name))
    yield stub
    for name, function in saved.items():
        if function is None:
            registry._services.pop(f"moderation.{name}", None)


@pytest.fixture
def board(workspace, manager):
    return make_board(workspace, manager, name="General")


@pytest.fixture
def thread(board, contributor):
    return make_thread(board, contributor, title="Spring workshops", text="Which dates suit everyone?")
