"""A tiny tool used only by tests: one WorkspaceItem (Note), so the core permission layer can
be tested without depending on any real tool. Installed only when settings.TESTING."""
from django.apps import AppConfig

from workspaces.registry import Tool

# Not registered in ready(): a test that needs the tool in the registry wraps itself in
# registry.register_temporarily(DUMMY_TOOL), so other tests see only the real tools.
DUMMY_TOOL = Tool(
    slug="dummytool",
    app_label="dummytool",
    name="Notes",
    description="Short notes (a tool that exists only in tests).",
    urls="tests.dummytool.urls",
    policies={"dummytool.Note": "workspaces.permissions.ItemPolicy"},
)


class DummyToolConfig(AppConfig):
    name = "tests.dummytool"
    label = "dummytool"
    verbose_name = "Dummy tool (tests only)"
    default_auto_field = "django.db.models.BigAutoField"
