"""The catalogue flow in a real browser: draft a change, approve it after the diff, publish it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from credit_platform.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
DRAFT = "/manage/catalogue/2026.2/"


def sign_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", DEMO_PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(base + "/")


def add_field(page: Any, base: str, data: dict[str, str]) -> None:
    page.goto(base + DRAFT + "items/food-safety-rating/fields/new/")
    for name, value in data.items():
        if name == "type":
            page.select_option("[name=type]", value)
        else:
            page.fill(f"[name={name}]", value)
    page.check("[name=required]")
    page.get_by_role("button", name="添加该字段").click()
    page.wait_for_url(base + DRAFT + "items/food-safety-rating/")


def draft_a_new_item(page: Any, base: str) -> None:
    page.goto(base + DRAFT)
    page.get_by_role("link", name="添加事项").click()
    page.fill("[name=code]", "food-safety-rating")
    page.fill("[name=name_zh]", "食品安全信用等级")
    page.fill("[name=name_en]", "Food safety credit ratings")
    page.select_option("[name=category]", "other")
    page.check("[name=subject_kinds][value=legal_person]")
    page.select_option("[name=disclosure_level]", "public")
    page.fill("[name=key_field]", "subject_name")
    page.fill("[name=cross_rules]", "[]")
    page.get_by_role("button", name="添加该事项").click()
    page.wait_for_url(base + DRAFT + "items/food-safety-rating/")
    add_field(
        page,
        base,
        {"name": "subject_name", "label_zh": "主体名称", "label_en": "Name", "type": "string"},
    )
    add_field(
        page,
        base,
        {
            "name": "subject_kind",
            "label_zh": "主体类别",
            "label_en": "Kind",
            "type": "enum",
            "codes": "legal_person|法人|Legal person",
        },
    )
    page.goto(base + DRAFT)
    page.get_by_role("button", name="提交审批").click()
    assert "已提交审批" in page.content()


def test_admin_drafts_approver_approves_admin_publishes(page: Any, live_server: Any) -> None:
    call_command("load_demo")
    base = live_server.url
    sign_in(page, base, "admin")
    draft_a_new_item(page, base)

    sign_in(page, base, "approver")
    page.goto(base + DRAFT + "review/")
    assert page.get_by_text("食品安全信用等级").first.is_visible()
    page.fill("[name=comment]", "同意")
    page.get_by_role("button", name="批准此版本").click()
    assert "版本已批准" in page.content()

    sign_in(page, base, "admin")
    page.goto(base + DRAFT + "publish/")
    page.fill("[name=effective_from]", "2026-07-01")
    page.get_by_role("button", name="发布此版本").click()
    assert "版本已发布" in page.content()

    page.context.clear_cookies()
    page.goto(base + "/catalogue/")
    assert page.get_by_role("link", name="食品安全信用等级").is_visible()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Food safety credit ratings").is_visible()
