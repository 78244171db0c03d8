"""Run the benchmarks: python -m bench --size small|full [--only NAME ...]."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import platform
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=["small", "full"], default="small")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "credit_platform.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    RESULTS.mkdir(exist_ok=True)
    names = sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    for name in names:
        if args.only and name not in args.only:
            continue
        module = importlib.import_module(f"bench.bench_{name}")
        started = time.time()
        figures = module.run(args.size)
        figures |= {
            "size": args.size,
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "seconds": round(time.time() - started, 1),
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        # Small runs check that a benchmark works; only full-size results are committed.
        suffix = "" if args.size == "full" else ".small"
        (RESULTS / f"{name}{suffix}.json").write_text(json.dumps(figures, indent=2) + "\n")
        print(f"{name}: {json.dumps(figures)}")


if __name__ == "__main__":
    main()
