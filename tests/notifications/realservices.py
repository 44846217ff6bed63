"""Real components for the CI tests: an SMTP sink (aiosmtpd), a Redis server of our own on a
spare port (so stopping it never touches the shared one), and Celery worker subprocesses."""

import email
import email.policy
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout=30.0, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Sink:
    """An SMTP server that keeps what it accepted. `stall_at`: on that message (1-based) it
    tells the test (`stalled` event) and holds the reply until `release` is set, then refuses
    it with 451, as a server does whose client vanished before the end of the transaction."""

    def __init__(self):
        self.messages, self.lock = [], threading.Lock()
        self.stall_at, self.seen = None, 0
        self.stalled, self.release = threading.Event(), threading.Event()
        self.greetings = 0  # EHLO/HELO: one per SMTP connection
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.greetings += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.seen += 1
            stall = self.seen == self.stall_at
        if stall:
            self.stalled.set()
            while not self.release.is_set():
                import asyncio

                await asyncio.sleep(0.05)
            return "451 Requested action aborted: try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def keys(self):
        with self.lock:
            return [m["X-Engage-Key"] for m in self.messages]

    def recipients(self):
        with self.lock:
            return [m["To"] for m in self.messages]


class RedisServer:
    """redis-server as a subprocess on its own port; stop() and start() again at will."""

    def __init__(self):
        self.port, self.process = free_port(), None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, 10, what="redis-server to start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`python -m tests.notifications.worker_main` against the test database, our Redis and
    the sink. kill() is SIGKILL: no clean shutdown, no acknowledgement of the task it holds."""

    def __init__(self, redis, sink, tmp_path, pool="solo", concurrency=1):
        self.redis, self.sink, self.log = redis, sink, tmp_path / f"worker-{time.monotonic_ns()}.log"
        self.pool, self.concurrency, self.process = pool, concurrency, None

    def start(self):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(), "REDIS_URL": self.redis.url, "CELERY_BROKER_URL": self.redis.url,
            "CELERY_TASK_ALWAYS_EAGER": "false", "ENGAGE_TESTING": "true", "DJANGO_SETTINGS_MODULE": "engage.settings",
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.sink.controller.port), "EMAIL_USE_TLS": "false",
            "ENGAGE_SITE_URL": settings.SITE_URL, "PYTHONPATH": str(ROOT),
        }
        self.handle = open(self.log, "wb")
        self.process = subprocess.Popen([sys.executable, "-m", "tests.notifications.worker_main", self.pool,
                                         str(self.concurrency)], cwd=ROOT, env=env, stdout=self.handle,
                                        stderr=subprocess.STDOUT)
        wait_until(lambda: b"ready." in self.log.read_bytes() or self.process.poll() is not None, 60,
                   what="the Celery worker to be ready")
        assert self.process.poll() is None, self.log.read_text()

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.handle.close()


@contextmanager
def celery_publishing_to(url):
    """This test process queues tasks on `url` for real (not in-process) while inside."""
    from engage.celery import app

    old = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = url, False
    _reset(app)
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = old
        _reset(app)


def _reset(app):
    """Forget every broker connection and producer. kombu keeps its pools in global registries
    keyed by broker URL: closing only the app's pool left a closed pool registered there, and the
    next test publishing to that URL (even eagerly, Celery acquires a producer) failed with
    "Acquire on closed pool"."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
