import pytest
from django.conf import settings
from django.core.cache import cache


def _clear_own_keys():
    """Empty this test process's cache: against a shared Redis only its own keys (settings give
    each test process a KEY_PREFIX), never the whole database other processes use too."""
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth keeps rate-limit counters and used TOTP codes in the cache: start each test clean.
    _clear_own_keys()
    yield
    _clear_own_keys()
