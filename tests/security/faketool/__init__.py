"""A tool that exists only to show that the contract checks fail when they should
(test_contract_checks.py): its notes are the dummy tool's Note; some of its views keep the
rules and one (`leaky`) ignores them all. Never registered for the whole suite, and mounted
only by its own root URLconf (root_urls.py)."""

from dataclasses import dataclass

from workspaces.registry import Tool


@dataclass(frozen=True)
class LabelledTool(Tool):
    """A Tool with an explicit app label (which the registry's Tool is about to get)."""

    app_label: str = ""


FAKE_TOOL = LabelledTool(
    slug="faketool",
    name="Fake notes",
    description="Notes, in a tool that exists only in tests of the contract checks.",
    urls="tests.security.faketool.urls",
    item_models=("dummytool.Note",),
    app_label="dummytool",
)
