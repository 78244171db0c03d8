"""/healthz reports the database and the broker; 503 when either is down."""

from __future__ import annotations

import socket

import pytest
from django.db import connections
from django.test import Client


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.django_db
def test_healthz_ok_when_both_services_answer(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


@pytest.mark.django_db
def test_healthz_503_when_broker_down(client: Client, settings: object) -> None:
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"  # type: ignore[attr-defined]
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["broker"]["ok"] is False
    assert "error" in body["broker"]
    assert body["database"]["ok"] is True


@pytest.mark.django_db(transaction=True)
def test_healthz_503_when_database_down(client: Client) -> None:
    conn = connections["default"]
    saved = dict(conn.settings_dict)
    conn.close()
    conn.settings_dict.update({"HOST": "127.0.0.1", "PORT": closed_port()})
    try:
        response = client.get("/healthz")
    finally:
        conn.close()
        conn.settings_dict.clear()
        conn.settings_dict.update(saved)
    assert response.status_code == 503
    body = response.json()
    assert body["database"]["ok"] is False
    assert body["broker"]["ok"] is True
