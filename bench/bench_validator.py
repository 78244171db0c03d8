"""Validator throughput on one core: rows per second for the administrative penalty item."""

from __future__ import annotations

import time

from bench.rows import rows_for
from catalogue.models import CatalogueItem
from catalogue.validation import clear_caches, compile_item

SIZES = {"small": 20_000, "full": 200_000}


def penalty_item() -> CatalogueItem:
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    return CatalogueItem.objects.get(version__status="published", key_field="decision_number")


def run(size: str) -> dict[str, object]:
    item = penalty_item()
    rows = list(rows_for(item, SIZES[size]))
    validate = compile_item(item)
    validate(rows[0])  # warm the compiled closures
    best = 0.0
    invalid = 0
    # CPU time of this process: "rows per second on one core", whatever else the shared
    # machine runs meanwhile; best of three.
    for _ in range(3):
        clear_caches()  # every row's subject code is new, as in a real file
        started = time.process_time()
        invalid = sum(1 for row in rows if not validate(row).ok)
        best = max(best, len(rows) / (time.process_time() - started))
    return {
        "item": item.code,
        "fields": item.fields.count(),
        "rows": len(rows),
        "invalid_rows": invalid,
        "rows_per_s": round(best),
        "clock": "process CPU time, one core",
    }
