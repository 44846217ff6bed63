"""The project's URLconf with the fake tool mounted as the core mounts a tool."""

from django.urls import include, path

from engage.urls import handler400, handler403, handler404, handler500  # noqa: F401
from engage.urls import urlpatterns as project_urlpatterns

from . import FAKE_TOOL

urlpatterns = [
    *project_urlpatterns,
    path(f"w/<slug:workspace>/{FAKE_TOOL.slug}/", include((FAKE_TOOL.urls, FAKE_TOOL.slug))),
]
