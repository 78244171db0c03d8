"""A visitor opens the home page in Chinese and in English and signs in as a demo user."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from credit_platform.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_in_both_languages_and_demo_sign_in(page: Any, live_server: Any) -> None:
    call_command("load_demo")
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", level=1).inner_text() == "查询公共信用信息"

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Search public credit information"

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("submitter")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("link", name="Agency workspace").is_visible()

    page.get_by_role("link", name="Agency workspace").click()
    assert "Haikou Administration for Market Regulation" in page.content()
