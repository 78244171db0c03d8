"""A published catalogue with a penalty-like item, and rows for it."""

from __future__ import annotations

import random
from typing import Any

from django.utils import timezone
from guardian.shortcuts import assign_perm

from catalogue.models import CatalogueItem, CatalogueVersion, FieldSpec
from credit_platform.models import Agency, User
from credit_platform.services import agency_group
from tests.factories import UserFactory, make_resident_id, make_uscc

T = FieldSpec.Type
KINDS = [
    {"code": "legal_person", "label_zh": "法人及非法人组织", "label_en": "Legal person"},
    {"code": "individual_business", "label_zh": "个体工商户", "label_en": "Individual business"},
    {"code": "natural_person", "label_zh": "自然人", "label_en": "Natural person"},
]
ID_TYPES = [{"code": "01", "label_zh": "身份证", "label_en": "Resident identity card"}]
CATEGORIES = [
    {"code": "01", "label_zh": "警告", "label_en": "Warning"},
    {"code": "03", "label_zh": "罚款", "label_en": "Fine"},
    {"code": "04", "label_zh": "没收违法所得", "label_en": "Confiscation of illegal gains"},
]
PENALTY_FIELDS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    # name, type, label zh, label en, options
    (
        "subject_name",
        T.STRING,
        "行政相对人名称",
        "Subject name",
        {"required": True, "max_length": 200},
    ),
    (
        "subject_kind",
        T.ENUM,
        "行政相对人类别",
        "Subject kind",
        {"required": True, "choices": KINDS},
    ),
    ("subject_uscc", T.USCC, "统一社会信用代码", "Unified social credit code", {}),
    ("subject_id_type", T.ENUM, "证件类型", "ID type", {"choices": ID_TYPES}),
    ("subject_id_number", T.RESIDENT_ID, "证件号码", "ID number", {"sensitive": True}),
    (
        "decision_number",
        T.STRING,
        "行政处罚决定书文号",
        "Decision number",
        {"required": True, "max_length": 128},
    ),
    (
        "penalty_categories",
        T.MULTI_ENUM,
        "处罚类别",
        "Penalty categories",
        {"required": True, "choices": CATEGORIES},
    ),
    (
        "fine_amount",
        T.DECIMAL,
        "罚款金额（万元）",
        "Fine (10,000 yuan)",
        {"max_digits": 12, "decimal_places": 6},
    ),
    ("decision_date", T.DATE, "处罚决定日期", "Decision date", {"required": True}),
    ("facts", T.TEXT, "违法事实", "Facts", {"max_length": 2000}),
]
PENALTY_RULES = [
    {
        "rule": "required_if_contains",
        "field": "fine_amount",
        "when": "penalty_categories",
        "values": ["03"],
    },
    {"rule": "not_future", "field": "decision_date"},
    {"rule": "uscc_matches_kind", "field": "subject_uscc", "kind_field": "subject_kind"},
]


def published_version(author: User | None = None, label: str = "2026-test") -> CatalogueVersion:
    """The test version by label: a draft until ``publish`` moves it along the workflow."""
    version, _ = CatalogueVersion.objects.get_or_create(
        label=label, defaults={"author": author or UserFactory.create()}
    )
    return version


def publish(version: CatalogueVersion) -> None:
    """Walk a draft through the workflow the database triggers allow, superseding the one
    in force; the items must be in place first, as a published version is frozen."""
    if version.status != CatalogueVersion.Status.DRAFT:
        return
    now = timezone.now()
    versions = CatalogueVersion.objects
    versions.filter(status=CatalogueVersion.Status.PUBLISHED).update(
        status=CatalogueVersion.Status.SUPERSEDED, superseded_at=now
    )
    versions.filter(pk=version.pk).update(status="submitted", submitted_at=now)
    versions.filter(pk=version.pk).update(
        status="approved", approver=UserFactory.create(), approved_at=now
    )
    versions.filter(pk=version.pk).update(
        status="published", published_at=now, effective_from=now.date()
    )
    version.refresh_from_db()


def penalty_item(
    *agencies: Agency,
    version: CatalogueVersion | None = None,
    code: str = "admin-penalty",
    **options: Any,
) -> CatalogueItem:
    """The penalty item in a published version, granted to the agencies' groups."""
    version = version or published_version()
    item = CatalogueItem.objects.create(
        version=version,
        code=code,
        name_zh="行政处罚信息",
        name_en="Administrative penalties",
        category=CatalogueItem.Category.PENALTY,
        subject_kinds=["legal_person", "individual_business", "natural_person"],
        disclosure_level=CatalogueItem.DisclosureLevel.PUBLIC,
        disclosure_class=options.pop("disclosure_class", CatalogueItem.DisclosureClass.GENERAL),
        key_field="decision_number",
        cross_rules=PENALTY_RULES,
        **options,
    )
    for order, (name, type_, zh, en, extra) in enumerate(PENALTY_FIELDS):
        FieldSpec.objects.create(
            item=item, name=name, type=type_, label_zh=zh, label_en=en, order=order, **extra
        )
    for agency in agencies:
        item.providing_agencies.add(agency)
        assign_perm("catalogue.submit_records", agency_group(agency), item)
    publish(version)
    item.refresh_from_db()
    return item


def penalty_row(n: int, rng: random.Random | None = None, **changes: Any) -> dict[str, Any]:
    """A valid penalty row; ``n`` makes the decision number and the subject distinct."""
    rng = rng or random.Random(n)
    row = {
        "subject_name": f"海南测试{n}号贸易有限公司",
        "subject_kind": "legal_person",
        "subject_uscc": make_uscc(rng),
        "decision_number": f"琼市监罚〔2026〕{n}号",
        "penalty_categories": "罚款",
        "fine_amount": f"{rng.randint(1, 500) / 100:.2f}",
        "decision_date": "2026-03-05",
        "facts": "未按规定公示年度报告",
    }
    row.update(changes)
    return row


def natural_person_row(n: int, **changes: Any) -> dict[str, Any]:
    row = penalty_row(n, subject_kind="natural_person", subject_uscc="", subject_name="张三")
    row.update(
        subject_id_type="01",
        subject_id_number=make_resident_id(seq=f"{n % 1000:03d}"),
        penalty_categories="警告",
        fine_amount="",
    )
    row.update(changes)
    return row


HEADERS_ZH = [zh for _, _, zh, _, _ in PENALTY_FIELDS]


def penalty_csv(rows: list[dict[str, Any]], *, encoding: str = "utf-8", sep: str = ",") -> bytes:
    """The rows as a CSV with the Chinese labels as header, as an agency would export it."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(HEADERS_ZH)
    for row in rows:
        writer.writerow([row.get(name, "") for name, *_ in PENALTY_FIELDS])
    return out.getvalue().encode(encoding)
