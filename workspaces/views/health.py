from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

from ..permissions.decorators import public_view

# Every dependency gets at most this many seconds, so /readyz answers even when one hangs.
CHECK_TIMEOUT = 2


@public_view
@never_cache
def healthz(request):
    """The process is alive (no dependencies checked)."""
    return JsonResponse({"status": "ok"})


@public_view
@never_cache
def healthz_db(request):
    """The process and its database answer: one indexed query and nothing else (the yardstick
    the load harness in bench/ measures every page against)."""
    from ..models import Organisation

    Organisation.objects.filter(pk=1).exists()
    return JsonResponse({"status": "ok"})


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache():
    cache.set("readyz", "1", 5)
    if cache.get("readyz") != "1":
        raise RuntimeError("cache did not return what was stored")


def _check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    # A plain kombu connection from settings (the core does not import the engage package).
    options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "socket_connect_timeout": CHECK_TIMEOUT,
        "socket_timeout": CHECK_TIMEOUT,
    }
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=CHECK_TIMEOUT, transport_options=options) as conn:
        conn.ensure_connection(max_retries=0)  # one attempt, no retry sleeps
        conn.default_channel  # noqa: B018 (Redis answers a PING when the channel opens)
    return None


@public_view
@never_cache
def readyz(request):
    """Database, cache and broker reachable: 200; otherwise 503 naming what failed."""
    checks, failing = {}, []
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            note = check()
            checks[name] = note or "ok"
        except Exception as exc:  # any failure of a dependency means "not ready"
            checks[name] = f"error: {exc.__class__.__name__}"
            failing.append(name)
    status = 503 if failing else 200
    return JsonResponse({"status": "unavailable" if failing else "ok", "checks": checks, "failing": failing},
                        status=status)
