from django.apps import AppConfig

from workspaces.registry import Tool

# Not registered in ready(): a test that needs the tool in the registry wraps itself in
# registry.register_temporarily(DUMMY_TOOL), so other tests see only the real tools.
DUMMY_TOOL = Tool(
    slug="dummytool",
    name="Notes",
    description="Short notes (a tool that exists only in tests).",
    urls="tests.dummytool.urls",
    item_models=("dummytool.Note",),
)


class DummyToolConfig(AppConfig):
    name = "tests.dummytool"
    label = "dummytool"
    verbose_name = "Dummy tool (tests only)"
    default_auto_field = "django.db.models.BigAutoField"
