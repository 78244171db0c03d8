"""A real Celery worker subprocess against the test database, for fault and browser tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(**env: str) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **env,
    }
    command = [sys.executable, "-m", "celery", "-A", "credit_platform", "worker"]
    command += ["--pool", "solo", "--loglevel", "WARNING", "--without-heartbeat"]
    command += ["--without-gossip", "--without-mingle"]
    return subprocess.Popen(command, cwd=ROOT, env=environment)


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@contextmanager
def running_worker(**env: str) -> Iterator[subprocess.Popen[bytes]]:
    from credit_platform.celery import app

    app.control.purge()  # messages left by earlier tests point at rows that are gone
    process = start_worker(**env)
    try:
        yield process
    finally:
        stop_worker(process)


def wait_for(condition: Callable[[], bool], timeout: float = 60, step: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout}s waiting for {condition}")
