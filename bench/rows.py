"""Plausible rows for any catalogue item, generated from its field specs and rules."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from stdnum.cn import ric, uscc

from catalogue.models import CatalogueItem, FieldSpec
from credit_platform.identifiers import USCC_ALPHABET

T = FieldSpec.Type
SURNAMES = "海南椰风蓝湾明珠金盘美兰龙华秀英琼山三亚儋州琼海文昌万宁东方五指山陵水保亭"
TRADES = [
    "食品",
    "科技",
    "旅游开发",
    "建筑工程",
    "贸易",
    "物流",
    "医药",
    "海产",
    "酒店管理",
    "文化传媒",
]
FORMS = ["有限公司", "股份有限公司", "有限责任公司", "合作社"]
WORDS = "违反规定未按要求经营生产销售不符合标准的产品责令改正并处以罚款"


def make_uscc(rng: random.Random, prefix: str = "91") -> str:
    body = prefix + "460100" + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def make_resident_id(rng: random.Random) -> str:
    body = "460105" + f"{rng.randint(1950, 2000)}{rng.randint(1, 12):02}{rng.randint(1, 28):02}"
    body += f"{rng.randint(0, 999):03}"
    return body + ric.calc_check_digit(body + "0")


def company_name(rng: random.Random) -> str:
    place = "".join(rng.sample(SURNAMES, 2))
    return f"海南{place}{rng.choice(TRADES)}{rng.choice(FORMS)}"


def _value(spec: FieldSpec, rng: random.Random, index: int) -> Any:
    if spec.choices and spec.type in (T.ENUM, T.MULTI_ENUM):
        codes = [str(choice["code"]) for choice in spec.choices]
        return rng.choice(codes)
    limit = spec.max_length or 40
    return {
        T.STRING: lambda: f"{spec.name[:8]}-{index}"[:limit],
        T.TEXT: lambda: "".join(rng.choice(WORDS) for _ in range(min(limit, 60))),
        T.INTEGER: lambda: str(rng.randint(0, 1000)),
        T.DECIMAL: lambda: f"{rng.randint(0, 500)}.{rng.randint(0, 99):02}",
        T.DATE: lambda: (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 600))).isoformat(),
        T.DATETIME: lambda: "2025-03-01 09:30",
        T.BOOLEAN: lambda: rng.choice(["是", "否"]),
        T.USCC: lambda: make_uscc(rng),
        T.RESIDENT_ID: lambda: make_resident_id(rng),
        T.URL: lambda: f"https://www.hainan.gov.cn/notice/{index}",
    }[T(spec.type)]()


def rows_for(item: CatalogueItem, count: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """Valid rows keyed by field name (key field unique per row)."""
    rng = random.Random(seed)
    specs = list(item.fields.all())
    authorities = [make_uscc(rng, "11") for _ in range(20)]
    for index in range(count):
        row = {spec.name: _value(spec, rng, index) for spec in specs}
        row[item.key_field] = f"琼{index // 100000}市监罚〔2025〕{index}号"
        _fit_subject(row, rng)
        for spec in specs:
            if spec.type == T.USCC and spec.name != "subject_uscc":
                row[spec.name] = rng.choice(authorities)
        _fit_rules(row, item.cross_rules or [])
        yield row


def _fit_subject(row: dict[str, Any], rng: random.Random) -> None:
    if "subject_kind" in row:
        row["subject_kind"] = "legal_person"
        row["subject_uscc"] = make_uscc(rng)
        row["subject_name"] = company_name(rng)
        row.pop("subject_id_type", None)
        row.pop("subject_id_number", None)


def _fit_rules(row: dict[str, Any], rules: list[dict[str, Any]]) -> None:
    for rule in rules:
        if rule["rule"] == "not_before" and row.get(rule["field"]) and row.get(rule["other"]):
            row[rule["field"]] = max(row[rule["field"]], row[rule["other"]])
        if rule["rule"].startswith("required_if") and row.get(rule["field"]) in (None, ""):
            row[rule["field"]] = "1.00"
