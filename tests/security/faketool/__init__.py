"""A tool that exists only to show that the contract checks fail when they should
(test_contract_checks.py): its notes are the dummy tool's Note; some of its views keep the
rules and one (`leaky`) ignores them all. Never registered for the whole suite, and mounted
only by its own root URLconf (root_urls.py)."""

from workspaces.registry import Tool

FAKE_TOOL = Tool(
    slug="faketool",
    name="Fake notes",
    description="Notes, in a tool that exists only in tests of the contract checks.",
    urls="tests.security.faketool.urls",
    policies={"dummytool.Note": "workspaces.permissions.ItemPolicy"},
    app_label="dummytool",
)
