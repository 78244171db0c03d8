"""A visitor finds a company by a Chinese fragment of its name and opens its profile.

Filing an objection from there, the agency's decision and the public mark going away are
in ``test_objections.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_searches_by_chinese_fragment_and_opens_the_profile(
    page: Any, live_server: Any
) -> None:
    call_command("load_demo")
    page.goto(live_server.url + "/")
    box = page.get_by_role("searchbox", name="名称或统一社会信用代码")
    box.fill("明珠科技")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    result = page.get_by_role("link", name="海口南海明珠科技有限公司")
    assert result.locator("mark").inner_text() == "明珠科技"
    result.click()
    assert page.get_by_role("heading", level=1).inner_text() == "海口南海明珠科技有限公司"
    assert "91460100MA5T0BXX0K" in page.content()


def test_a_single_character_gets_a_clear_message(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/search/?q=海")
    assert "请至少输入两个字" in page.get_by_role("alert").inner_text()
