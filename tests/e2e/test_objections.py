"""A visitor objects to a record with an evidence file; the platform admin accepts the
objection, the providing agency stops the display, and the "under objection" mark goes."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from collection.models import CreditRecord
from disclosure.models import CalendarDay, Objection
from tests.conftest import Personas
from tests.disclosure.cases import PDF, World, with_email

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct-horse-battery"


def seed_calendar() -> None:
    # A transactional test before this one may have flushed the seeded days.
    seed = importlib.import_module("disclosure.migrations.0003_seed_calendar_2026")
    for date, kind, zh, en in seed.days_2026():
        CalendarDay.objects.get_or_create(
            date=date, defaults={"kind": kind, "name_zh": zh, "name_en": en}
        )


def signed_in(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def open_filing_page(page: Any, base: str, record: CreditRecord) -> None:
    """Search the company by a Chinese fragment of its name, open its profile, and follow
    the record's "Object to this record" link."""
    page.goto(base + "/")
    box = page.get_by_role("searchbox", name="名称或统一社会信用代码")
    box.fill("争议贸易")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.get_by_role("link", name=record.subject.name).click()
    page.wait_for_url("**/subjects/*/")
    page.locator(f'a[href="/objections/new/{record.pk}/"]').click()
    page.wait_for_url(f"**/objections/new/{record.pk}/")


def objection_mark(page: Any, base: str, record: CreditRecord) -> int:
    """How many "under objection" marks the public profile shows on the record."""
    page.goto(f"{base}/subjects/{record.subject_id}/")
    return int(page.locator(f"#record-{record.pk} [data-objection]").count())


def test_objection_filed_accepted_and_decided_clears_the_mark(
    browser: Any,
    live_server: Any,
    personas: Personas,
    tmp_path: Path,
) -> None:
    seed_calendar()
    world = World(personas)
    with_email(personas.public)
    record, base = world.record, live_server.url
    evidence = tmp_path / "缴款凭证.pdf"
    evidence.write_bytes(PDF)

    visitor = signed_in(browser, base, personas.public.username)
    open_filing_page(visitor, base, record)
    visitor.locator('input[name="grounds"][value="wrong"]').check()
    visitor.locator('textarea[name="description"]').fill("罚款金额有误，且已缴清。")
    visitor.locator('input[name="evidence"]').set_input_files(str(evidence))
    visitor.locator("main form button[type=submit]").click()
    visitor.wait_for_url("**/objections/*/")
    assert "缴款凭证.pdf" in visitor.content()
    record.refresh_from_db()
    assert record.under_objection
    objection = Objection.objects.get()
    anonymous = browser.new_context(locale="zh-CN").new_page()
    assert objection_mark(anonymous, base, record) == 1  # public at once

    admin = signed_in(browser, base, personas.admin.username)
    admin.goto(base + "/manage/objections/")
    admin.locator(f'a[href="/objections/{objection.pk}/"]').click()
    admin.locator('button[name="action"][value="accept"]').click()
    admin.wait_for_load_state()
    objection.refresh_from_db()
    assert objection.status == Objection.Status.AGENCY

    agency = signed_in(browser, base, personas.reviewer_a.username)
    agency.goto(base + "/agency/objections/")
    agency.locator(f'a[href="/objections/{objection.pk}/"]').click()
    agency.locator('select[name="outcome"]').select_option("stopped")
    agency.locator('form[action$="/decide/"] textarea[name="reason"]').fill("已超过公示期限")
    agency.locator('form[action$="/decide/"] button[type=submit]').click()
    agency.locator("#case-outcome").wait_for()

    record.refresh_from_db()
    assert not record.under_objection
    assert record.status == CreditRecord.Status.REVOKED
    visitor.goto(f"{base}/objections/{objection.pk}/")
    assert visitor.locator("#case-outcome").is_visible()
    assert objection_mark(anonymous, base, record) == 0
    assert anonymous.locator(f"#record-{record.pk}").count() == 0  # display stopped
    assert len(mail.outbox) == 3  # filed, passed to the agency, decided
