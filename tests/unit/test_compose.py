"""compose.yaml (onward + PostgreSQL) holds together, read as YAML: no image can be pulled here and there is no
``docker compose`` to run ``config``, so what it would check is checked here - every service has an image,
the volumes it names are declared, the workers wait for a healthy database, their health check and command
are ones ``onward`` accepts, the database URL its header gives is one the config accepts, and the image
installs the PostgreSQL driver."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from agent.cli import build_parser
from agent.config import parse_settings, shares_accounts

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "compose.yaml"
TOP_LEVEL = {"name", "services", "volumes", "networks", "secrets", "configs"}


def _compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_the_file_has_only_known_top_level_keys_and_every_service_an_image():
    data = _compose()
    assert set(data) <= TOP_LEVEL | {k for k in data if k.startswith("x-")}
    assert set(data["services"]) == {"db", "onward"}
    for name, service in data["services"].items():
        assert "image" in service or "build" in service, name
        assert service.get("restart") == "unless-stopped", name
        assert "healthcheck" in service, name


def test_every_named_volume_is_declared_and_state_lives_in_volumes():
    data = _compose()
    declared = set(data.get("volumes") or {})
    mounts = {s: [v.split(":") for v in svc.get("volumes", [])] for s, svc in data["services"].items()}
    used = {m[0] for ms in mounts.values() for m in ms if not m[0].startswith((".", "/"))}
    assert used == declared
    assert ["onward-data", "/data"] in mounts["onward"]  # config, tokens: the image's VOLUME
    assert ["db-data", "/var/lib/postgresql/data"] in mounts["db"]


def test_the_workers_wait_for_a_healthy_database_and_several_run():
    onward = _compose()["services"]["onward"]
    assert onward["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert onward["deploy"]["replicas"] >= 2
    assert "PGPASSWORD" in onward["environment"]  # the password never sits in the config file
    db = _compose()["services"]["db"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert db["environment"]["POSTGRES_PASSWORD"] == onward["environment"]["PGPASSWORD"]


def test_the_command_and_health_check_are_onward_commands():
    onward = _compose()["services"]["onward"]
    parser = build_parser()
    parser.parse_args(onward["command"])
    test = onward["healthcheck"]["test"]
    assert test[0] == "CMD" and test[1] == "onward"
    args = parser.parse_args(test[2:])
    assert args.stale_after == 30


def test_the_database_url_in_the_header_is_accepted_and_shares_the_accounts():
    url = re.search(r'database = "([^"]+)"', COMPOSE.read_text()).group(1)
    settings = parse_settings({"storage": {"database": url}})
    assert settings.storage.database == url and shares_accounts(url)
    assert url.startswith("postgresql+psycopg://") and "@db:" in url and ":" not in url.split("//")[1].split("@")[0]


def test_the_image_installs_the_postgresql_driver():
    assert re.search(r'pip install "\.\[postgresql\]"', (ROOT / "Dockerfile").read_text())
