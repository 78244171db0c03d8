"""Liveness of the services the platform depends on."""

from __future__ import annotations

import time
from typing import Any

import redis
from django.conf import settings
from django.db import connections
from django.db.utils import Error as DatabaseError


def _timed(check: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:  # any failure means "down"; the reason is reported
        return {"ok": False, "error": f"{type(exc).__name__}: {str(exc).strip()[:200]}"}
    return {"ok": True, "latency_ms": round((time.perf_counter() - started) * 1000, 1)}


def check_database(alias: str = "default") -> dict[str, Any]:
    def ping() -> None:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            connections[alias].close()
            raise

    return _timed(ping)


def check_broker(url: str | None = None) -> dict[str, Any]:
    def ping() -> None:
        client = redis.Redis.from_url(
            url or settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2
        )
        try:
            client.ping()
        finally:
            client.close()

    return _timed(ping)
