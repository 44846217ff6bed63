"""/healthz says the process is alive; /readyz says whether its database, cache and broker answer.

Failures are made real where we can (a closed port, a server that never replies) rather than
mocked, so the tests prove the timeouts too."""

import os
import socket
import threading
import time

import pytest

from workspaces.views import health

# Nothing listens on port 1: connecting is refused at once.
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections (the kernel completes the handshake) and never replies."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


@pytest.fixture
def queued_tasks(settings):
    """Tasks go to a broker instead of running in-process, so readyz must check the broker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return settings


def test_healthz_answers_without_touching_dependencies(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_everything_answers(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "in-process"},
        "failing": [],
    }


def test_readyz_is_not_cached(client, db):
    response = client.get("/readyz")
    assert "no-cache" in response["Cache-Control"]


def test_readyz_connects_to_the_broker_when_tasks_are_queued(client, db, queued_tasks):
    queued_tasks.CELERY_BROKER_URL = "memory://"
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"


def test_readyz_is_503_naming_the_database_when_it_fails(client, db, monkeypatch):
    def broken_database():
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(health, "_check_database", broken_database)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["database"]
    assert body["checks"] == {"database": "error: ConnectionError", "cache": "ok", "broker": "in-process"}


def test_readyz_is_503_naming_the_cache_when_redis_refuses(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"].startswith("error: ")
    assert body["checks"]["database"] == "ok"


def test_readyz_is_503_naming_the_broker_when_it_refuses(client, db, queued_tasks):
    queued_tasks.CELERY_BROKER_URL = CLOSED_PORT_REDIS
    started = time.monotonic()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]
    assert response.json()["checks"]["database"] == "ok"
    # Refused means refused: no retry loop with sleeps.
    assert time.monotonic() - started < 1.5


def test_broker_check_gives_up_on_a_broker_that_never_answers(queued_tasks, silent_server):
    queued_tasks.CELERY_BROKER_URL = silent_server
    outcome = []

    def run_check():
        try:
            health._check_broker()
            outcome.append("answered")
        except Exception as exc:
            outcome.append(exc)

    # In a thread so that a check which hangs fails this test instead of hanging the suite.
    worker = threading.Thread(target=run_check, daemon=True)
    worker.start()
    # Generous: this guards against hanging for good, not against being slow on a busy machine.
    worker.join(timeout=health.CHECK_TIMEOUT * 5)
    assert not worker.is_alive(), "the broker check hung past its timeout"
    assert isinstance(outcome[0], Exception)


def test_readyz_is_not_redirected_to_https(client, db, settings):
    # Load balancers probe over plain HTTP inside the network.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL), as in CI")
def test_readyz_is_ok_against_real_redis_cache_and_broker(client, db, queued_tasks):
    queued_tasks.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}


def test_healthz_db_answers_with_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz/db")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
