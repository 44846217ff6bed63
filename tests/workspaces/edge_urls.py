"""The project's URLconf with two views that show what reached them: a form's fields and files,
and the same for a view that adds upload handlers first (kit.limit_upload_size)."""

from django.http import JsonResponse
from django.urls import path

from engage.urls import handler400, handler403, handler404, handler500  # noqa: F401
from engage.urls import urlpatterns as project_urlpatterns
from workspaces.kit.views import limit_upload_size

REACHED = []  # the paths of the requests that reached a view


def _shown(request):
    REACHED.append(request.path)
    return JsonResponse({
        "get": dict(request.GET.lists()),
        "post": dict(request.POST.lists()),
        "files": {name: request.FILES[name].read().decode("latin-1") for name in request.FILES},
        "too_large": sorted(getattr(request, "upload_too_large", {})),
    })


def echo(request, rest=""):
    return _shown(request)


@limit_upload_size
def upload(request):
    return _shown(request)


urlpatterns = [
    path("echo/", echo, name="edge_echo"),
    path("echo/<path:rest>", echo, name="edge_echo_path"),
    path("upload/", upload, name="edge_upload"),
    *project_urlpatterns,
]
