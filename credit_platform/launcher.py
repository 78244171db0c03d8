"""`make demo`, `make run`, `make test` and `make bench`.

Each starts the embedded PostgreSQL and Redis when DATABASE_URL / REDIS_URL are unset,
runs its processes with the URLs in their environment, and on exit (Ctrl-C, SIGTERM,
or a child that died) stops every process and every server it started.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from types import FrameType

from credit_platform.embedded import BASE_DIR, EmbeddedServices, data_dir


class Stop(Exception):
    """SIGINT or SIGTERM arrived."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise Stop(signal.Signals(signum).name)


def _quiet_signals() -> None:
    """Cleanup must finish: further Ctrl-C presses are ignored while it runs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=BASE_DIR, check=True)


def _spawn(env: dict[str, str], name: str, args: list[str]) -> tuple[str, subprocess.Popen[bytes]]:
    # A session of its own: the launcher decides the order of shutdown, not the terminal.
    return name, subprocess.Popen(args, env=env, cwd=BASE_DIR, start_new_session=True)


def _terminate(procs: list[tuple[str, subprocess.Popen[bytes]]]) -> None:
    for _, proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for _, proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        # The pool processes of a worker live in the same group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def _banner(port: int, demo: bool) -> None:
    from credit_platform.demo import DEMO_PASSWORD, DEMO_USERS

    lines = ["", f"  The platform is running at http://127.0.0.1:{port}/", ""]
    if demo:
        lines.append(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
        lines += [
            f"    {user:<10} {role or 'public user'}  {name}"
            for user, name, role, _, _ in DEMO_USERS
        ]
        lines.append("")
    lines.append("  Press Ctrl-C to stop everything.")
    print("\n".join(lines), flush=True)


def serve(demo: bool) -> int:
    port = int(os.environ.get("PORT", "8000"))
    env = dict(os.environ)
    env.setdefault("DJANGO_DEBUG", "true" if demo else "false")
    services = EmbeddedServices()
    procs: list[tuple[str, subprocess.Popen[bytes]]] = []
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    try:
        services.start(env)
        _manage(env, "migrate", "--noinput", "-v", "0")
        if demo:
            _manage(env, "load_demo")
        else:
            _manage(env, "collectstatic", "--noinput", "-v", "0")
        procs = [
            _spawn(
                env,
                "web",
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "credit_platform.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--access-logfile",
                    "-",
                    "--graceful-timeout",
                    "10",
                ],
            ),
            _spawn(
                env,
                "worker",
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "credit_platform",
                    "worker",
                    "--loglevel",
                    "INFO",
                    "--concurrency",
                    "2",
                    "--without-gossip",
                    "--without-mingle",
                ],
            ),
            _spawn(
                env,
                "beat",
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "credit_platform",
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--schedule",
                    str(data_dir() / "celerybeat-schedule"),
                ],
            ),
        ]
        _banner(port, demo)
        while True:
            for name, proc in procs:
                if proc.poll() is not None:
                    print(
                        f"The {name} process exited (code {proc.returncode}); stopping.", flush=True
                    )
                    return 1
            time.sleep(0.5)
    except Stop as why:
        print(f"\nReceived {why}; stopping.", flush=True)
        return 0
    except subprocess.CalledProcessError as exc:
        print(f"Start-up step failed: {' '.join(map(str, exc.cmd[1:]))}", flush=True)
        return 1
    finally:
        _quiet_signals()
        _terminate(procs)
        services.stop()
        print("Stopped.", flush=True)


def run_with_services(command: list[str], defaults: dict[str, str]) -> int:
    env = dict(os.environ)
    for key, value in defaults.items():
        env.setdefault(key, value)
    services = EmbeddedServices()
    signal.signal(signal.SIGTERM, _raise_stop)
    try:
        services.start(env)
        return subprocess.call(command, env=env, cwd=BASE_DIR)
    except (Stop, KeyboardInterrupt):
        return 130
    finally:
        _quiet_signals()
        services.stop()


TEST_DEFAULTS = {
    "DJANGO_DEBUG": "false",
    "SECRET_KEY": "test-only-secret-key-not-for-production",
    "SECURE_COOKIES": "false",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="launcher", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="platform with demo data")
    sub.add_parser("run", help="platform against the configured services")
    sub.add_parser("test", help="the pytest suite; further arguments go to pytest")
    bench = sub.add_parser("bench", help="the benchmarks")
    bench.add_argument("--size", choices=["small", "full"], default="small")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["test"]:
        return run_with_services([sys.executable, "-m", "pytest", *argv[1:]], TEST_DEFAULTS)
    args = parser.parse_args(argv)
    if args.command in ("demo", "run"):
        return serve(demo=args.command == "demo")
    return run_with_services(
        [sys.executable, "-m", "bench", "--size", args.size],
        TEST_DEFAULTS | {"DJANGO_DEBUG": "true"},
    )


if __name__ == "__main__":
    sys.exit(main())
