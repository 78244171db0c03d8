"""Search latency: p50/p95 of GET /api/v1/subjects/?q= over real HTTP (gunicorn on loopback).

Generates subjects with realistic Chinese company names into a database of its own
(``credit_bench_search``, dropped and re-created each run, so the demo data is untouched),
written with COPY with five penalty records each (1,000,000 records at full size), then
asks 2- to 4-character name fragments and 6- to 10-character code prefixes from 1 and 8
concurrent clients, each level for a bounded time.
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from stdnum.cn import uscc as stdnum_uscc

from credit_platform.identifiers import USCC_ALPHABET
from credit_platform.search import tsvector_literal

SIZES = {"full": 200_000, "small": 20_000}
RECORDS_PER_SUBJECT = 5  # 1,000,000 records on 200,000 subjects at full size
SECONDS = {"full": 30.0, "small": 8.0}
CONCURRENCY = (1, 8)
WORKERS = 4
BENCH_DB = "credit_bench_search"
BASE_DIR = Path(__file__).resolve().parent.parent

REGIONS = [
    ("海南", "460000"), ("海口", "460100"), ("三亚", "460200"), ("三沙", "460300"),
    ("儋州", "460400"), ("五指山", "469001"), ("琼海", "469002"), ("文昌", "469005"),
    ("万宁", "469006"), ("东方", "469007"), ("定安", "469021"), ("屯昌", "469022"),
    ("澄迈", "469023"), ("临高", "469024"), ("白沙", "469025"), ("昌江", "469026"),
    ("乐东", "469027"), ("陵水", "469028"), ("保亭", "469029"), ("琼中", "469030"),
]  # fmt: skip
BRAND = (
    "椰风蓝湾明珠金盛鑫源华宏泰达恒通联创新博瑞祥和嘉裕丰锦程天成众诚汇德安康福顺兴隆"
    "永昌广远鸿运腾飞星辰林绿洲阳光碧海银滩热带琼岛云帆启航佳美宝丽信宇晟睿凯越卓"
)
INDUSTRIES = [
    "科技", "贸易", "旅游开发", "食品", "建设工程", "物流", "餐饮管理", "房地产开发",
    "农业开发", "信息技术", "文化传媒", "酒店管理", "医药", "新能源", "海洋渔业", "实业",
    "投资", "商贸", "装饰工程", "电子商务", "网络科技", "供应链管理", "热带农业",
    "教育咨询", "环保科技", "汽车服务", "医疗器械", "水产养殖", "会展服务", "免税品经营",
]  # fmt: skip
FORMS = ["有限公司"] * 6 + ["有限责任公司", "股份有限公司", "集团有限公司", "发展有限公司"]
DISTRICTS = ["龙华区", "美兰区", "秀英区", "琼山区", "吉阳区", "天涯区", "崖州区", "海棠区"]
SHOPS = ["海鲜排档", "便利店", "商行", "五金店", "粉店", "水果店", "理发店", "汽车修理部"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林符邢吉云"
GIVEN = "海南明华建国丽娟志强秀英文军平红玉兰杰敏静涛勇"


def _uscc(rng: random.Random, category: str, region: str, seen: set[str]) -> str:
    while True:
        body = category + region + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
        code = body + stdnum_uscc.calc_check_digit(body)
        if code not in seen:
            seen.add(code)
            return code


def _company(rng: random.Random) -> tuple[str, str]:
    region, code = rng.choice(REGIONS)
    brand = "".join(rng.sample(BRAND, 2))
    return f"{region}{brand}{rng.choice(INDUSTRIES)}{rng.choice(FORMS)}", code


def _rows(count: int, rng: random.Random) -> tuple[list[tuple[Any, ...]], list[str], list[str]]:
    now = datetime.datetime.now(datetime.UTC)
    seen: set[str] = set()
    rows: list[tuple[Any, ...]] = []
    names: list[str] = []
    codes: list[str] = []
    for n in range(count):
        roll = rng.random()
        if roll < 0.02:  # natural persons: in the table, never in public results
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
            number = f"4601001980{n:07d}X"  # unique; the check character does not matter here
            rows.append(("natural_person", name, None, "01", number, [], tsvector_literal([name])))
            continue
        if roll < 0.12:
            region, code = rng.choice(REGIONS[1:3])
            owner = rng.choice(SURNAMES) + rng.choice(GIVEN)
            name = f"{region}市{rng.choice(DISTRICTS)}{owner}{rng.choice(SHOPS)}"
            kind, category = "individual_business", "92"
        else:
            name, code = _company(rng)
            kind, category = "legal_person", "91"
        former = [_company(rng)[0]] if rng.random() < 0.08 else []
        uscc = _uscc(rng, category, code, seen)
        rows.append((kind, name, uscc, "", None, former, tsvector_literal([name, *former], [uscc])))
        names.append(name)
        codes.append(uscc)
    return [(*row, now, now) for row in rows], names, codes


def _recreate_database() -> None:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        cursor.execute(f'CREATE DATABASE "{BENCH_DB}"')
    connection.close()
    connection.settings_dict["NAME"] = BENCH_DB
    settings.DATABASES["default"]["NAME"] = BENCH_DB
    call_command("migrate", verbosity=0)


def _load(rows: list[tuple[Any, ...]]) -> float:
    started = time.perf_counter()
    columns = (
        "kind, name, uscc, id_type, id_number, former_names, search_vector, created_at, updated_at"
    )
    sql = f"COPY credit_platform_subject ({columns}) FROM STDIN"
    with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE credit_platform_subject")

    return time.perf_counter() - started


def _load_records(count: int, rng: random.Random) -> float:
    """COPY ``count`` active penalty records spread over the public subjects."""
    from bench.bench_ingest import _setup

    started = time.perf_counter()
    agency, _other, _user, item = _setup()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM credit_platform_subject WHERE kind <> 'natural_person'")
        subject_ids = [row[0] for row in cursor.fetchall()]
    today = datetime.date.today()
    now = datetime.datetime.now(datetime.UTC)
    columns = (
        "subject_id, item_id, item_code, agency_id, source_key, payload, decision_date, "
        "published_on, display_until, disclosure_class, status, under_objection, revision, "
        "revoked_reason, created_at, updated_at"
    )
    sql = f"COPY collection_creditrecord ({columns}) FROM STDIN"
    with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for n in range(count):
            decided = today - datetime.timedelta(days=rng.randint(0, 360))
            payload = json.dumps(
                {
                    "decision_number": f"琼罚〔2026〕{n}号",
                    "fine_amount": f"{rng.randint(1, 500)}000",
                    "facts": "未按规定公示年度报告",
                    "decision_date": decided.isoformat(),
                },
                ensure_ascii=False,
            )
            copy.write_row(
                (
                    subject_ids[n % len(subject_ids)],
                    item.pk,
                    item.code,
                    agency.pk,
                    f"琼罚〔2026〕{n}号",
                    payload,
                    decided,
                    decided,
                    decided + datetime.timedelta(days=365),
                    "general",
                    "active",
                    False,
                    1,
                    "",
                    now,
                    now,
                )
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE collection_creditrecord")
    return time.perf_counter() - started


def _queries(names: list[str], codes: list[str], rng: random.Random) -> list[str]:
    queries = []
    for _ in range(400):
        name = rng.choice(names)
        length = rng.randint(2, 4)
        start = rng.randint(0, max(0, len(name) - length))
        queries.append(name[start : start + length])
    for _ in range(100):
        queries.append(rng.choice(codes)[: rng.randint(6, 10)])
    rng.shuffle(queries)
    return queries


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server(port: int) -> subprocess.Popen[bytes]:
    db = connection.settings_dict
    env = dict(os.environ)
    env |= {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{BENCH_DB}",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": env.get("SECRET_KEY", "bench-only-secret-key"),
        "ALLOWED_HOSTS": "127.0.0.1",
        # The benchmark measures the search, not the per-address throttle.
        "API_ANON_THROTTLE": "100000000/min",
        "LOG_LEVEL": "WARNING",
    }
    args = [sys.executable, "-m", "gunicorn", "credit_platform.wsgi:application"]
    args += ["--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--log-level", "warning"]
    proc = subprocess.Popen(args, env=env, cwd=BASE_DIR, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(port, "/api/v1/subjects/?q=" + quote("海南"))[0] == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    _stop_server(proc)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _stop_server(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def _get(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        conn.close()


def _measure(port: int, queries: list[str], clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        nonlocal errors
        i = offset
        while time.monotonic() < deadline:
            status, ms = _get(port, "/api/v1/subjects/?q=" + quote(queries[i % len(queries)]))
            with lock:
                latencies.append(ms)
                errors += status != 200
            i += clients

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "errors": errors,
        "req_per_s": round(len(latencies) / seconds, 1),
        "p50_ms": round(cuts[49], 2),
        "p95_ms": round(cuts[94], 2),
        "p99_ms": round(cuts[98], 2),
    }


def run(size: str) -> dict[str, Any]:
    count = SIZES[size]
    rng = random.Random(20260101)
    _recreate_database()
    rows, names, codes = _rows(count, rng)
    load_s = _load(rows)
    records = count * RECORDS_PER_SUBJECT
    records_s = _load_records(records, rng)
    with connection.cursor() as cursor:
        # Measure the steady state: the GIN pending list merged and no autovacuum of the
        # fresh million rows competing for the two cores during the timed windows.
        cursor.execute("VACUUM ANALYZE credit_platform_subject")
        cursor.execute("VACUUM ANALYZE collection_creditrecord")
    queries = _queries(names, codes, rng)
    port = _free_port()
    server = _start_server(port)
    try:
        _measure(port, queries, 2, 3.0)  # warm-up: connections, caches, plans
        levels = {str(c): _measure(port, queries, c, SECONDS[size]) for c in CONCURRENCY}
    finally:
        _stop_server(server)
    return {
        "subjects": count,
        "records": records,
        "records_load_seconds": round(records_s, 1),
        "load_seconds": round(load_s, 1),
        "load_rows_per_s": round(count / load_s),
        "server": f"gunicorn sync, {WORKERS} workers, loopback HTTP",
        "queries": "400 name fragments of 2-4 characters, 100 code prefixes of 6-10",
        "p50_ms": {c: v["p50_ms"] for c, v in levels.items()},
        "p95_ms": {c: v["p95_ms"] for c, v in levels.items()},
        "concurrency": levels,
    }
