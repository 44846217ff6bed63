from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "workspaces"
    verbose_name = "Workspaces"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deploy checks)
