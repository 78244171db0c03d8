"""A citizen claims a subject, is verified, signs a commitment; the agency marks it breached,
and the breach becomes a credit record through the collection pipeline.

The public profile then shows the breach record in its record sections.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.management import call_command

from collection.models import CreditRecord, Submission
from collection.services import submission_process
from commitments.models import Commitment
from credit_platform.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECT = "91460100747743438Q"  # 海南椰风食品有限公司 in the demo data
LETTER = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_claim_verify_sign_publish_and_breach(
    page: Any, live_server: Any, settings: LazySettings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("load_demo")
    base = live_server.url
    page.goto(base + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    sign_in(page, base, "citizen")
    page.get_by_role("link", name="My subjects").click()
    page.get_by_role("link", name="Claim to represent a subject").click()
    page.locator("#id_uscc").fill(SUBJECT)
    page.locator("#id_legal_representative").fill("王椰风")
    page.locator("#id_letter").set_input_files(
        {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": LETTER}
    )
    page.get_by_role("button", name="File the claim").click()
    assert "Pending verification" in page.content()
    sign_out(page)

    sign_in(page, base, "admin")
    page.goto(base + "/commitments/manage/representatives/")
    assert "海南椰风食品有限公司" in page.content()
    page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state()
    assert "The decision was recorded." in page.content()
    sign_out(page)

    sign_in(page, base, "citizen")
    page.get_by_role("link", name="My subjects").click()
    page.get_by_role("link", name="Sign a commitment").click()
    page.get_by_role("link", name="Notify-and-commit letter for a food business licence").click()
    page.locator("#id_matter").fill("新店开业")
    page.locator("#id_var_licence_item").fill("食品经营许可证")
    page.locator("#id_var_premises").fill("海口市龙华区滨海大道1号")
    page.get_by_role("button", name="Show the text to sign").click()
    assert "Consequences of a false commitment" in page.locator("#notice").inner_text()
    assert "海口市龙华区滨海大道1号" in page.locator("#text").inner_text()
    page.locator("#id_notice_read").check()
    page.get_by_role("button", name="Sign the commitment").click()
    page.wait_for_load_state()
    assert "The commitment was signed and published." in page.content()
    detail_url = page.url
    assert "Content hash (SHA-256)" in page.content()
    assert "matches the text" in page.content()

    page.goto(base + f"/subjects/{SUBJECT}/")  # the disclosure app's public profile
    section = page.locator("#commitments")
    assert "Notify-and-commit letter for a food business licence" in section.inner_text()

    page.get_by_role("link", name="Credit commitments").first.click()
    page.get_by_label("Subject name or code").fill("椰风")
    page.get_by_role("button", name="Search").click()
    row = page.locator("table.commitments tbody tr").first
    assert "海南椰风食品有限公司" in row.inner_text()
    assert "Active" in row.inner_text()
    sign_out(page)

    sign_in(page, base, "submitter")  # Haikou market regulation, the agency concerned
    page.goto(detail_url)
    page.locator("#decide-reason").fill("现场核查发现经营场所不符合条件")
    page.get_by_role("button", name="Mark breached").click()
    page.wait_for_load_state()
    assert page.locator("[data-status]").first.inner_text() == "Breached"
    assert "现场核查发现经营场所不符合条件" in page.content()
    page.goto(base + f"/subjects/{SUBJECT}/")
    assert "Breached" in page.locator("#commitments").inner_text()
    page.goto(base + "/commitments/?status=breached")
    assert "海南椰风食品有限公司" in page.locator("table.commitments").inner_text()

    # The worker's step, run here: validate and merge the platform's breach submission.
    commitment = Commitment.objects.get(subject__uscc=SUBJECT, status="breached")
    submission = Submission.objects.get(idempotency_key=f"commitment-breach-{commitment.pk}")
    submission_process(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED
    record = CreditRecord.objects.get(item_code="commitment-breach", subject__uscc=SUBJECT)
    assert record.agency == commitment.agency
    assert record.payload["breach_facts"] == "现场核查发现经营场所不符合条件"

    # The agency concerned finds the record among its own records.
    page.goto(base + "/agency/records/?item=commitment-breach")
    listed = page.locator("table").first.inner_text()
    assert f"CMT-{commitment.pk}" in listed and "海南椰风食品有限公司" in listed

    page.goto(base + f"/subjects/{SUBJECT}/")
    assert "Breached" in page.locator("#commitments").inner_text()
    # The breach record is public: the profile's record sections list it with its facts.
    breach = page.locator("#records [data-item='commitment-breach']")
    shown = breach.inner_text()
    assert "Breaches of credit commitments" in shown or "信用承诺违诺信息" in shown
    assert f"CMT-{commitment.pk}" in shown and "现场核查发现经营场所不符合条件" in shown
