"""Ingest: a penalty CSV through the whole path (upload, worker, stored records) against COPY.

Runs in its own database (``credit_bench`` on the same server) so the demo data is left
alone. The worker is a real ``celery worker`` subprocess; its peak memory is sampled with
psutil. In the same run the stored rows are COPYed again into the same table under a
second agency, which is the ceiling the pipeline is measured against.
"""

from __future__ import annotations

import csv
import io
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from django.conf import settings
from django.core.files import File
from django.core.management import call_command
from django.db import connection, connections
from stdnum.cn import uscc

from credit_platform.identifiers import USCC_ALPHABET

SIZES = {"small": 20_000, "full": 1_000_000}
BENCH_DB = "credit_bench"
ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ["罚款", "警告", "罚款;没收违法所得"]


def _use_bench_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE DATABASE {BENCH_DB}")
    connections["default"].close()
    settings.DATABASES["default"]["NAME"] = BENCH_DB
    connections["default"].settings_dict["NAME"] = BENCH_DB
    call_command("migrate", verbosity=0)


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{BENCH_DB}"


def _setup() -> tuple[Any, Any, Any, Any]:
    from guardian.shortcuts import assign_perm

    from catalogue.models import CatalogueVersion
    from catalogue.policy import ensure_seeded
    from credit_platform.models import Agency, Role, User
    from credit_platform.services import agency_group, user_set_agency, user_set_roles
    from tests.collection.factories import penalty_item

    ensure_seeded()
    agency, _ = Agency.objects.get_or_create(
        code="bench-a", defaults={"name_zh": "基准甲", "level": "city"}
    )
    other, _ = Agency.objects.get_or_create(
        code="bench-b", defaults={"name_zh": "基准乙", "level": "city"}
    )
    user, _ = User.objects.get_or_create(username="bench-submitter")
    user_set_roles(user=user, roles=[Role.AGENCY_SUBMITTER])
    user_set_agency(user=user, agency=agency)
    version = CatalogueVersion.objects.filter(label="bench").first()
    item = version.items.filter(code="admin-penalty").first() if version else None
    if item is None:
        from tests.collection.factories import published_version

        item = penalty_item(agency, version=published_version(user, label="bench"))
    assign_perm("catalogue.submit_records", agency_group(agency), item)
    return agency, other, user, item


def _reset() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE collection_recordchange, collection_creditrecordrevision, "
            "collection_creditrecord, collection_rowerror, collection_stagedrow, "
            "collection_submissionrow, collection_submission CASCADE"
        )
        cursor.execute("VACUUM ANALYZE collection_creditrecord")


def _usccs(count: int, rng: random.Random) -> list[str]:
    codes = []
    for _ in range(count):
        body = "91460100" + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
        codes.append(body + uscc.calc_check_digit(body))
    return codes


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    """A penalty CSV as an agency exports it: Chinese labels, ten penalties per subject."""
    from tests.collection.factories import HEADERS_ZH

    rng = random.Random(seed)
    subjects = _usccs(max(rows // 10, 1), rng)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS_ZH)
        for n in range(rows):
            code = subjects[n % len(subjects)]
            writer.writerow(
                [
                    f"海南基准{n % len(subjects)}号贸易有限公司",
                    "法人及非法人组织",
                    code,
                    "",
                    "",
                    f"琼市监罚〔2026〕{n}号",
                    CATEGORIES[n % 3],
                    f"{rng.randint(1, 50000) / 100:.2f}",
                    f"2026-0{1 + n % 5}-{10 + n % 18}",
                    "未按规定公示年度报告，责令改正后逾期仍未改正",
                ]
            )


class PeakRss:
    """Samples a process tree's resident memory until stopped."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.1)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / (1024 * 1024)


def _start_worker(limits: dict[str, str]) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # Production mode: DEBUG would keep every query in memory.
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret"),
        **limits,
    }
    command = [sys.executable, "-m", "celery", "-A", "credit_platform", "worker"]
    command += ["--pool", "solo", "--loglevel", "WARNING", "--without-mingle"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def _wait_until_ready(app: Any, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return
    raise RuntimeError("the worker did not start")


def _ingest(path: Path, rows: int, agency: Any, user: Any, item: Any) -> dict[str, float]:
    from collection.models import Submission
    from collection.services import submission_create
    from credit_platform.celery import app

    limits = {
        "SUBMISSION_MAX_FILE_ROWS": str(rows + 1),
        "SUBMISSION_MAX_FILE_BYTES": str(path.stat().st_size + 1),
    }
    settings.SUBMISSION_MAX_FILE_ROWS = rows + 1
    settings.SUBMISSION_MAX_FILE_BYTES = path.stat().st_size + 1
    app.control.purge()
    worker = _start_worker(limits)
    memory = PeakRss(worker.pid)
    _wait_until_ready(app)  # the worker's start is not part of the ingest
    try:
        started = time.perf_counter()
        with path.open("rb") as handle:
            submission = submission_create(
                agency=agency,
                item=item,
                submitter=user,
                channel="file",
                file=File(handle, name=path.name),
            )
        while True:
            submission.refresh_from_db()
            if submission.is_finished:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
    finally:
        peak = memory.stop()
        worker.terminate()
        worker.wait(30)
    assert submission.status == Submission.Status.ACCEPTED, submission.failure_reason
    return {"seconds": elapsed, "valid": submission.valid_rows, "peak_mb": peak}


COLUMNS = (
    "subject_id, item_id, item_code, agency_id, source_key, payload, decision_date, "
    "published_on, display_until, disclosure_class, status, under_objection, revision, "
    "revoked_reason, last_submission_id, created_at, updated_at"
)


def _copy(agency: Any, other: Any) -> float:
    """COPY the stored rows again under a second agency: the same table, indexes, payloads."""
    select = COLUMNS.replace("agency_id", f"{int(other.pk)} AS agency_id")
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY (SELECT {select} FROM collection_creditrecord "
            f"WHERE agency_id = {int(agency.pk)}) TO STDOUT"
        ) as copy:
            for block in copy:
                buffer.write(block)
        data = buffer.getvalue()
        started = time.perf_counter()
        with cursor.cursor.copy(f"COPY collection_creditrecord ({COLUMNS}) FROM STDIN") as copy:
            for offset in range(0, len(data), 1 << 20):
                copy.write(data[offset : offset + (1 << 20)])
        return time.perf_counter() - started


def run(size: str) -> dict[str, Any]:
    rows = SIZES[size]
    default_db = settings.DATABASES["default"]["NAME"]
    _use_bench_database()
    try:
        agency, other, user, item = _setup()
        _reset()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "penalties.csv"
            write_csv(path, rows)
            ingest = _ingest(path, rows, agency, user, item)
        copy_seconds = _copy(agency, other)
        _reset()  # two million rows are not worth keeping on disk
    finally:
        connections["default"].close()
        settings.DATABASES["default"]["NAME"] = default_db
        connections["default"].settings_dict["NAME"] = default_db
    records_per_s = ingest["valid"] / ingest["seconds"]
    copy_per_s = ingest["valid"] / copy_seconds
    return {
        "rows": rows,
        "records_per_s": round(records_per_s),
        "copy_records_per_s": round(copy_per_s),
        "ratio_to_copy": round(records_per_s / copy_per_s, 3),
        "worker_peak_rss_mb": round(ingest["peak_mb"], 1),
        "ingest_seconds": round(ingest["seconds"], 1),
        "copy_seconds": round(copy_seconds, 1),
        "chunk_rows": settings.SUBMISSION_CHUNK_ROWS,
    }
