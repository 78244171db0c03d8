"""The production-shaped deployment: compose services, images, health checks, commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command(service: dict[str, Any]) -> str:
    value = service.get("command", "")
    return " ".join(value) if isinstance(value, list) else str(value)


def test_compose_has_the_five_services() -> None:
    assert set(compose()["services"]) == {"postgres", "redis", "web", "worker", "beat"}


def test_compose_images() -> None:
    services = compose()["services"]
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    for name in ("web", "worker", "beat"):
        assert "build" in services[name] or "image" in services[name]


def test_every_service_has_a_health_check() -> None:
    for name, service in compose()["services"].items():
        assert service.get("healthcheck", {}).get("test"), name


def test_commands_run_gunicorn_celery_and_migrations() -> None:
    services = compose()["services"]
    assert "migrate" in command(services["web"])
    assert "gunicorn" in command(services["web"])
    assert "celery" in command(services["worker"]) and "worker" in command(services["worker"])
    assert "celery" in command(services["beat"]) and "beat" in command(services["beat"])


def test_app_services_wait_for_healthy_databases_and_read_their_urls() -> None:
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        environment = services[name].get("environment", {})
        assert "DATABASE_URL" in environment and "REDIS_URL" in environment


def test_data_lives_in_named_volumes() -> None:
    data = compose()
    assert {"pgdata", "redisdata", "media"} <= set(data["volumes"])


def test_env_example_names_every_required_setting() -> None:
    text = (ROOT / ".env.example").read_text()
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_DEBUG", "POSTGRES_PASSWORD"):
        assert f"{name}=" in text
