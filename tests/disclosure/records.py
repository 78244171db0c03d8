"""A published catalogue with one item per disclosure level, and records made directly."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from catalogue.models import CatalogueItem, CatalogueVersion, FieldSpec
from catalogue.policy import ensure_seeded
from collection.models import CreditRecord
from credit_platform.models import Agency, Subject
from tests.collection.factories import CATEGORIES, PENALTY_FIELDS, publish, published_version
from tests.factories import AgencyFactory, make_resident_id

T = FieldSpec.Type
Level = CatalogueItem.DisclosureLevel

RESIDENT_ID = make_resident_id()
# The sensitive field types of the masking matrix, with a value of each and its public mask.
SENSITIVE: list[tuple[str, str, str, str, str]] = [
    # name, type, label zh, value, masked
    (
        "holder_id",
        T.RESIDENT_ID,
        "持证人身份证号",
        RESIDENT_ID,
        "4601**********" + RESIDENT_ID[-4:],
    ),
    ("contact_phone", T.STRING, "联系电话", "13812345678", "138****5678"),
    ("holder_name", T.STRING, "持证人姓名", "张三丰", "张**"),
    ("holder_uscc", T.USCC, "持证人代码", "91460100747743438Q", "9146**********438Q"),
    ("home_address", T.TEXT, "住址", "海口市龙华区滨海大道1号", "（已隐去）"),
]
TODAY = datetime.date(2026, 6, 15)


@dataclass
class Catalogue:
    version: CatalogueVersion
    public: CatalogueItem
    authorised: CatalogueItem
    government: CatalogueItem
    agency: Agency


def _item(version: CatalogueVersion, code: str, level: str, name: tuple[str, str]) -> CatalogueItem:
    item = CatalogueItem.objects.create(
        version=version,
        code=code,
        name_zh=name[0],
        name_en=name[1],
        category=CatalogueItem.Category.PENALTY
        if level == Level.PUBLIC
        else CatalogueItem.Category.TAX,
        subject_kinds=["legal_person", "natural_person"],
        disclosure_level=level,
        disclosure_class=CatalogueItem.DisclosureClass.GENERAL,
        key_field="decision_number",
    )
    for order, (field, type_, zh, en, extra) in enumerate(PENALTY_FIELDS):
        FieldSpec.objects.create(
            item=item, name=field, type=type_, label_zh=zh, label_en=en, order=order, **extra
        )
    for order, (field, type_, zh, _value, _masked) in enumerate(SENSITIVE, start=50):
        FieldSpec.objects.create(
            item=item,
            name=field,
            type=type_,
            label_zh=zh,
            label_en=field.replace("_", " "),
            order=order,
            sensitive=True,
        )
    return item


def catalogue(label: str = "2026-records") -> Catalogue:
    ensure_seeded()
    version = published_version(label=label)
    public = _item(
        version, "admin-penalty", Level.PUBLIC, ("行政处罚信息", "Administrative penalties")
    )
    authorised = _item(version, "tax-arrears", Level.AUTHORISED, ("欠税信息", "Tax arrears"))
    government = _item(version, "tax-audit", Level.GOVERNMENT, ("税务稽查信息", "Tax audits"))
    publish(version)
    agency = AgencyFactory.create(code="records-agency", name_zh="海口市市场监督管理局")
    return Catalogue(version, public, authorised, government, agency)


def payload(n: int = 1, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "subject_name": "海南椰风食品有限公司",
        "subject_kind": "legal_person",
        "decision_number": f"琼市监罚〔2026〕{n}号",
        "penalty_categories": [CATEGORIES[1]["code"]],
        "fine_amount": "1.5",
        "decision_date": "2026-03-05",
        "facts": "未按规定公示年度报告",
    }
    data |= {name: value for name, _t, _l, value, _m in SENSITIVE}
    data.update(changes)
    return data


def record(
    subject: Subject, item: CatalogueItem, agency: Agency, n: int = 1, **options: Any
) -> CreditRecord:
    """A record written straight to the table, with a window around TODAY unless told."""
    return CreditRecord.objects.create(
        subject=subject,
        item=item,
        item_code=item.code,
        agency=agency,
        source_key=f"琼市监罚〔2026〕{n}号",
        payload=options.pop("payload", None) or payload(n),
        decision_date=options.pop("decision_date", datetime.date(2026, 3, 5)),
        published_on=options.pop("published_on", datetime.date(2026, 3, 10)),
        display_until=options.pop("display_until", datetime.date(2027, 3, 10)),
        disclosure_class=options.pop("disclosure_class", CatalogueItem.DisclosureClass.GENERAL),
        **options,
    )
