"""Demo submissions for the agency workspace, made only when a published catalogue exists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from catalogue.models import CatalogueItem, FieldSpec
from collection.models import Submission
from collection.selectors import submittable_items
from collection.services import submission_create, submission_process
from credit_platform.demo import DEMO_SUBJECTS
from credit_platform.models import User

T = FieldSpec.Type
DEMO_USER = "submitter"
DEMO_KEY = "demo-{code}"
SAMPLES: dict[str, Any] = {
    T.STRING: "演示",
    T.TEXT: "演示数据：未按规定公示年度报告",
    T.INTEGER: 1,
    T.DECIMAL: "1.5",
    T.DATE: "2026-01-15",
    T.DATETIME: "2026-01-15 10:00",
    T.BOOLEAN: "否",
    T.URL: "https://credit.hainan.gov.cn/",
}


def _value(spec: FieldSpec, n: int, kind: str, name: str, code: str) -> Any:
    if spec.name == "subject_name":
        return name
    if spec.name == "subject_kind":
        return kind
    if spec.type == T.USCC:
        return code
    if spec.type in (T.ENUM, T.MULTI_ENUM):
        return spec.choices[0]["code"] if spec.choices else ""
    if spec.type == T.RESIDENT_ID:
        return ""
    return SAMPLES.get(spec.type, "")


AUTHORITY = "海口市市场监督管理局"
# (legal representative, their resident ID) of the demo organisations, in DEMO_SUBJECTS order.
REPRESENTATIVES = [
    ("符海明", "460100197803121077"),
    ("王丽娟", "460100198506211147"),
    ("陈志强", "46010019900105121X"),
    ("吴阿明", "460100197209301282"),
    ("林秀英", "460100198811171352"),
]
# What the Haikou market regulator decided about each demo organisation: (violation type,
# facts, legal basis, penalty categories, content, fine in 10,000 yuan or "", decision date).
PENALTIES = [
    (
        "未按规定公示年度报告",
        "当事人未在规定期限内通过国家企业信用信息公示系统报送2025年度年度报告。",
        "《企业信息公示暂行条例》第十八条",
        "01",
        "警告",
        "",
        "2026-07-14",
    ),
    (
        "虚假宣传",
        "当事人在其网店宣传页面使用“全省销量第一”等无法证实的用语。",
        "《中华人民共和国反不正当竞争法》第二十条",
        "03",
        "罚款人民币3万元",
        "3",
        "2026-08-21",
    ),
    (
        "未明码标价",
        "当事人经营的景区观光车服务未在售票处公示收费标准。",
        "《中华人民共和国价格法》第四十二条",
        "01;03",
        "警告，并处罚款人民币0.5万元",
        "0.5",
        "2026-09-03",
    ),
    (
        "销售超过保质期的食品",
        "执法人员在当事人经营场所查见超过保质期的预包装饮料12瓶。",
        "《中华人民共和国食品安全法》第一百二十四条",
        "03",
        "罚款人民币1.2万元",
        "1.2",
        "2026-09-18",
    ),
    (
        "未按规定办理变更登记",
        "当事人变更住所后未在规定期限内申请变更登记。",
        "《中华人民共和国市场主体登记管理条例》第四十六条",
        "01",
        "警告",
        "",
        "2026-10-09",
    ),
]
LICENCES = [
    ("食品经营许可", "预包装食品销售，热食类食品制售", "2026-03-02"),
    ("食品经营许可", "预包装食品销售（含冷藏冷冻食品）", "2026-04-15"),
    ("食品经营许可", "热食类食品制售，冷食类食品制售", "2026-05-20"),
    ("食品经营许可", "热食类食品制售，生食类食品制售", "2026-06-08"),
    ("食品经营许可", "预包装食品销售", "2026-06-30"),
]


def _curated(item: CatalogueItem, n: int) -> dict[str, Any] | None:
    """Plausible content for the two core items (REFERENCE.md section 7); None for others."""
    person, person_id = REPRESENTATIVES[(n - 1) % len(REPRESENTATIVES)]
    common = {
        "legal_representative": person,
        "legal_rep_id_type": "01",
        "legal_rep_id_number": person_id,
        "authority": AUTHORITY,
        "data_source_unit": AUTHORITY,
    }
    year = dt.date.today().year
    if item.code == "administrative-penalty":
        kind, facts, basis, categories, content, fine, decided = PENALTIES[(n - 1) % 5]
        return common | {
            "decision_number": f"海市监处罚〔{year}〕{200 + n}号",
            "violation_type": kind,
            "violation_facts": facts,
            "penalty_basis": basis,
            "penalty_categories": categories,
            "penalty_content": content,
            "fine_amount": fine,
            "decision_date": decided,
        }
    if item.code == "administrative-licence":
        name, content, decided = LICENCES[(n - 1) % 5]
        return common | {
            "licence_decision_name": f"{name}决定书",
            "licence_decision_number": f"海市监食许〔{year}〕{500 + n}号",
            "licence_category": "01",
            "licence_certificate_name": "食品经营许可证",
            "licence_number": f"JY14601{n:09d}",
            "licence_content": content,
            "decision_date": decided,
            "valid_from": decided,
            "valid_to": f"{int(decided[:4]) + 5}{decided[4:]}",
            "current_status": "1",
        }
    return None


def demo_rows(item: CatalogueItem) -> list[dict[str, Any]]:
    specs = list(item.fields.order_by("order", "id"))
    organisations = [s for s in DEMO_SUBJECTS if s[0] != "natural_person"]
    rows = []
    for n, (kind, name, code) in enumerate(organisations, start=1):
        curated = _curated(item, n)
        if curated is None:
            row = {spec.name: _value(spec, n, kind, name, code) for spec in specs}
            row[item.key_field] = f"DEMO-{item.code}-{dt.date.today().year}-{n:03d}"
        else:
            row = {"subject_name": name, "subject_kind": kind, "subject_uscc": code, **curated}
        rows.append({k: v for k, v in row.items() if v not in ("", None)})
    return rows


def load() -> int:
    """One demo submission per item the demo submitter's agency provides; idempotent."""
    user = User.objects.filter(username=DEMO_USER).select_related("agency").first()
    if user is None or user.agency is None:
        return 0
    made = 0
    for item in submittable_items(user)[:3]:
        key = DEMO_KEY.format(code=item.code)
        if Submission.objects.filter(submitter=user, idempotency_key=key).exists():
            continue
        submission = submission_create(
            agency=user.agency,
            item=item,
            submitter=user,
            channel=Submission.Channel.FORM,
            rows=demo_rows(item),
            idempotency_key=key,
        )
        # Validated here rather than by the worker, so that the records are there for the
        # demo's objection case; the task queued on commit then finds it done.
        submission_process(submission_id=submission.pk)
        made += 1
    return made
