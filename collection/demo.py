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


def demo_rows(item: CatalogueItem) -> list[dict[str, Any]]:
    specs = list(item.fields.order_by("order", "id"))
    organisations = [s for s in DEMO_SUBJECTS if s[0] != "natural_person"]
    rows = []
    for n, (kind, name, code) in enumerate(organisations, start=1):
        row = {spec.name: _value(spec, n, kind, name, code) for spec in specs}
        row[item.key_field] = f"DEMO-{item.code}-{dt.date.today().year}-{n:03d}"
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
