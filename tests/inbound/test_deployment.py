"""The inbound server is a compose service a deployment can run, with the app's configuration."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_the_inbound_smtp_server_on_port_2525():
    inbound = COMPOSE["services"]["inbound"]
    assert inbound["command"] == ["python", "manage.py", "receive_mail", "--host", "0.0.0.0", "--port", "2525"]
    assert any(port.endswith(":2525") for port in inbound["ports"])
    assert inbound["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert inbound["environment"]["DATABASE_URL"] == COMPOSE["services"]["web"]["environment"]["DATABASE_URL"]
    assert "ENGAGE_REPLY_DOMAIN" in inbound["environment"]


def test_aiosmtpd_is_a_runtime_requirement():
    assert any(line.startswith("aiosmtpd==") for line in (ROOT / "requirements.txt").read_text().splitlines())
