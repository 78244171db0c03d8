"""Demo case: an open objection, for the admin's first check and the public "under objection".

No repair case: the demo's records are published on the day of loading, and repair opens only
after the minimum period of their class (the profile shows the date it opens).
"""

from __future__ import annotations

from collection.models import CreditRecord
from commitments.demo import demo_pdf
from credit_platform.demo import DEMO_SUBJECTS
from credit_platform.models import User
from disclosure.models import Objection
from disclosure.services.objections import objection_file

OBJECTED = DEMO_SUBJECTS[1][2]  # 海口南海明珠科技有限公司


def load() -> None:
    """Once; skipped when the demo record or user is not there."""
    citizen = User.objects.filter(username="citizen").first()
    record = (
        CreditRecord.objects.filter(
            subject__uscc=OBJECTED,
            item__code="administrative-penalty",
            status=CreditRecord.Status.ACTIVE,
        )
        .order_by("pk")
        .first()
    )
    if citizen is None or record is None or Objection.objects.filter(applicant=citizen).exists():
        return
    objection_file(
        applicant=citizen,
        record=record,
        grounds=Objection.Grounds.WRONG,
        description="该处罚决定已于2026年10月被复议机关撤销，平台仍在公示。",
        files=[demo_pdf("review-decision.pdf", "Demo administrative review decision")],
    )
