"""The deployment files and production settings, checked without Docker (not available here):
docker-compose.yml and the Dockerfile are parsed, `check --deploy` runs with production
variables, gunicorn serves the app as the `web` service would, and the README documents every
environment variable that settings.py reads."""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["web", "worker", "beat"]
HOST = "engage.example.gov.uk"


def command_of(service):
    command = SERVICES[service]["command"]
    return " ".join(command) if isinstance(command, list) else command


def interpolate(text):
    """Compose's ${NAME:-default} → default (what an unset variable gives)."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", text)


def production_env(tmp_path, **overrides):
    """A clean environment (nothing inherited from the test run) with real production values."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "ENGAGE_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "REDIS_URL": "redis://redis:6379/0",  # not reached by `check`; the web fixture runs without
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


# --- docker-compose.yml ---------------------------------------------------------------------


def test_compose_has_database_redis_web_worker_and_beat():
    assert {"db", "redis", "web", "worker", "beat"} <= set(SERVICES)


def test_web_runs_gunicorn_with_gthread_workers_on_port_8000():
    command = command_of("web")
    assert command.startswith("gunicorn engage.wsgi")
    assert "--worker-class=gthread" in command
    assert "--bind=0.0.0.0:8000" in command
    assert any(port.endswith(":8000") for port in SERVICES["web"]["ports"])


def test_worker_runs_a_celery_worker():
    assert command_of("worker").startswith("celery -A engage worker")


def test_beat_runs_celery_beat_once():
    assert command_of("beat").startswith("celery -A engage beat")
    assert SERVICES["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_migrations_run_once_before_the_app_starts():
    assert command_of("migrate") == "python manage.py migrate --noinput"
    assert SERVICES["migrate"]["restart"] == "no"
    for service in APP_SERVICES:
        assert SERVICES[service]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


@pytest.mark.parametrize("service", APP_SERVICES + ["migrate"])
def test_app_services_wait_for_healthy_database_and_redis(service):
    depends_on = SERVICES[service]["depends_on"]
    assert depends_on["db"] == {"condition": "service_healthy"}
    assert depends_on["redis"] == {"condition": "service_healthy"}


@pytest.mark.parametrize("service", ["db", "redis", "web"])
def test_service_has_a_healthcheck(service):
    assert SERVICES[service]["healthcheck"]["test"]


def test_database_is_postgres_16_and_redis_is_7():
    assert SERVICES["db"]["image"] == "postgres:16"
    assert SERVICES["redis"]["image"] == "redis:7"


def test_no_service_uses_an_untagged_or_latest_image():
    for name, service in SERVICES.items():
        image = interpolate(service["image"])
        name_part, _, tag = image.rpartition("/")[2].partition(":")
        assert tag and tag != "latest", f"{name} uses {image!r}: pin a tag"


@pytest.mark.parametrize("service", APP_SERVICES + ["migrate"])
def test_app_services_get_production_configuration(service):
    env = SERVICES[service]["environment"]
    assert env["DJANGO_DEBUG"] == "false"
    # ${NAME:?message}: compose refuses to start without a real secret; no default key.
    assert env["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    assert env["DJANGO_ALLOWED_HOSTS"].startswith("${DJANGO_ALLOWED_HOSTS:?")
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    # Behind the TLS proxy the compose file asks for, the client's address is the one it appends.
    assert interpolate(env["DJANGO_BEHIND_PROXY"]) == "true"
    assert interpolate(env["ENGAGE_TRUSTED_PROXY_COUNT"]) == "1"
    assert interpolate(env["ENGAGE_TRUSTED_CLIENT_IP_HEADER"]) == ""
    assert {"EMAIL_HOST", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "DEFAULT_FROM_EMAIL"} <= set(env)
    assert f"media:{env['MEDIA_ROOT']}" in SERVICES[service]["volumes"]
    assert "media" in COMPOSE["volumes"]


def test_every_beat_entry_names_a_task_that_exists():
    """A renamed or moved task (the outbox sweep moved into the core) must not leave beat
    sending a name no worker knows."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert import_string(entry["task"]).name == entry["task"]


def test_dockerfile_builds_a_slim_image_that_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.M)
    assert "pip install -r requirements.txt" in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile
    users = re.findall(r"^USER (\S+)$", dockerfile, re.M)
    assert users and users[-1] not in {"root", "0"}


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "var", ".env"} <= ignored


# --- production settings ----------------------------------------------------------------------


def test_deploy_check_passes_with_production_values(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_without_a_secret_key(tmp_path):
    result = manage(production_env(tmp_path, DJANGO_SECRET_KEY=None), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "engage.W001" in result.stderr


def test_deploy_check_fails_without_allowed_hosts(tmp_path):
    result = manage(production_env(tmp_path, DJANGO_ALLOWED_HOSTS=None), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W020" in result.stderr


def test_deploy_check_fails_with_debug_on(tmp_path):
    result = manage(production_env(tmp_path, DJANGO_DEBUG="true"), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_deploy_check_fails_without_a_shared_cache_for_rate_limits(tmp_path):
    result = manage(production_env(tmp_path, REDIS_URL=None), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "engage.W002" in result.stderr


def test_deploy_check_fails_behind_a_proxy_not_trusted_for_the_clients_address(tmp_path):
    result = manage(production_env(tmp_path, DJANGO_BEHIND_PROXY="true"), "check", "--deploy", "--fail-level",
                    "WARNING")
    assert result.returncode != 0
    assert "engage.W003" in result.stderr
    trusted = production_env(tmp_path, DJANGO_BEHIND_PROXY="true", ENGAGE_TRUSTED_PROXY_COUNT="1")
    result = manage(trusted, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text(secrets.token_urlsafe(50) + "\n")
    env = production_env(tmp_path, DJANGO_SECRET_KEY=None, DJANGO_SECRET_KEY_FILE=str(key_file))
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


# --- gunicorn, as the web service runs it -----------------------------------------------------


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": HOST, **headers})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture
def web(tmp_path):
    """Static files collected and migrations applied as in the image, then the web service's own
    gunicorn command (bound to a local port) with production settings behind a proxy."""
    env = production_env(tmp_path, STATIC_ROOT=str(tmp_path / "static"), DJANGO_BEHIND_PROXY="true",
                         ENGAGE_TRUSTED_PROXY_COUNT="1", REDIS_URL=None)
    for step in (["collectstatic", "--noinput"], ["migrate", "--noinput"]):
        result = manage(env, *step)
        assert result.returncode == 0, result.stdout + result.stderr
    port = _free_port()
    command = [interpolate(part) for part in SERVICES["web"]["command"]]
    command = [f"--bind=127.0.0.1:{port}" if part.startswith("--bind=") else part for part in command]
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([sys.executable, "-m", *command], cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    _get(port, "/healthz")
                    break
                except OSError:
                    assert server.poll() is None, log_path.read_text()
                    assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
                    time.sleep(0.2)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=15)


def test_web_service_serves_engage_in_production_mode(web):
    # One test, not four: starting the server costs seconds (and pytest 9.2 with xdist 3.8 ignores
    # xdist_group, so a module-scoped server could start once per worker).
    status, _, body = _get(web, "/healthz")
    assert (status, body) == (200, b'{"status": "ok"}'), "healthz"
    status, _, body = _get(web, "/readyz")
    assert status == 200, body

    status, headers, _ = _get(web, "/accounts/login/")
    assert status == 301 and headers["Location"] == f"https://{HOST}/accounts/login/", "plain HTTP goes to HTTPS"

    https = {"X-Forwarded-Proto": "https"}
    status, headers, body = _get(web, "/accounts/login/", **https)
    assert status == 200
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    css = re.search(rb'href="(/static/css/engage\.[0-9a-f]{12}\.css)"', body)
    assert css, "the page does not link the hashed (cache-busted) stylesheet"
    status, headers, _ = _get(web, css.group(1).decode(), **https, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]

    status, _, _ = _get(web, "/accounts/login/", **https, Host="evil.example")
    assert status == 400, "a host not in DJANGO_ALLOWED_HOSTS is refused"


# --- README: the configuration table stays true -----------------------------------------------

SETTINGS_READS = re.compile(
    r"""\b(?:env|env_bool|env_list|os\.environ\.get|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|\benv=["']([A-Z][A-Z0-9_]*)["']"""
)


def variables_read_by_settings():
    source = (ROOT / "engage" / "settings.py").read_text()
    return {a or b for a, b in SETTINGS_READS.findall(source)}


def variables_in_readme_table():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Configuration", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("|"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


def test_settings_reader_finds_the_variables_we_know_of():
    assert {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "ENGAGE_VAR_DIR", "DJANGO_ALLOWED_HOSTS"} <= (
        variables_read_by_settings()
    )


def test_readme_documents_every_variable_settings_reads():
    missing = variables_read_by_settings() - variables_in_readme_table()
    assert not missing, f"add to the README's Configuration table: {sorted(missing)}"


def test_readme_documents_no_variable_settings_does_not_read():
    stale = variables_in_readme_table() - variables_read_by_settings()
    assert not stale, f"README's Configuration table lists variables settings.py does not read: {sorted(stale)}"
