from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    if getattr(settings, "SECRET_KEY_FROM_ENV", True):
        return []
    return [
        Warning(
            "DJANGO_SECRET_KEY is not set: a key generated for this machine is being used.",
            hint="Set DJANGO_SECRET_KEY (the same value on every web node and worker).",
            id="engage.W001",
        )
    ]


@register(Tags.security, deploy=True)
def rate_limits_shared(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if not backend.endswith(("LocMemCache", "DummyCache")):
        return []
    return [
        Warning(
            "The cache is kept in each process: sign-in rate limits are counted per process, and "
            "each web process allows its own share of guesses; the bell's count is not cached.",
            hint="Set REDIS_URL (the cache every web node and process shares).",
            id="engage.W002",
        )
    ]


@register(Tags.security, deploy=True)
def client_address_behind_proxy(app_configs, **kwargs):
    trusted = settings.ALLAUTH_TRUSTED_PROXY_COUNT or settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
    if not settings.SECURE_PROXY_SSL_HEADER or trusted:
        return []
    return [
        Warning(
            "DJANGO_BEHIND_PROXY is on but no proxy is trusted for the client's address: every visitor "
            "has the proxy's, and ten failed sign-ins from anyone lock everyone out.",
            hint="Set ENGAGE_TRUSTED_PROXY_COUNT (1 behind one proxy that appends to X-Forwarded-For) or "
                 "ENGAGE_TRUSTED_CLIENT_IP_HEADER.",
            id="engage.W003",
        )
    ]
