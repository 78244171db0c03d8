"""Pages of the core in both languages, sign-in, error pages and headers."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory

from credit_platform.views import error_500
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def test_home_in_chinese_by_default(client: Client) -> None:
    page = client.get("/").content.decode()
    assert "海南自由贸易港公共信用信息" in page
    assert 'lang="zh-hans"' in page


def test_home_in_english_when_chosen() -> None:
    page = english().get("/").content.decode()
    assert "Search public credit information" in page
    assert 'lang="en"' in page


def test_language_switcher_sets_the_language(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Search public credit information" in client.get("/").content.decode()


def test_no_inline_scripts_and_a_strict_content_security_policy(client: Client) -> None:
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())


def test_static_assets_are_local(client: Client) -> None:
    page = client.get("/").content.decode()
    assert "/static/vendor/htmx.min.js" in page
    assert not re.search(r"(src|href)=\"https?://", page)


def test_sign_in_and_out(client: Client, personas: Personas) -> None:
    response = client.post(
        "/accounts/login/", {"username": "public-p", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert "public-p" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert "public-p" not in client.get("/").content.decode()


def test_wrong_password_shows_an_error(client: Client, personas: Personas) -> None:
    response = client.post("/accounts/login/", {"username": "public-p", "password": "nope"})
    assert response.status_code == 200
    assert "errors" in response.content.decode()


def test_404_page_in_both_languages(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert "Page not found" in english().get("/no-such-page/").content.decode()


def test_403_page_for_a_public_user_in_the_admin_area(personas: Personas) -> None:
    response = client_for(personas.public).get("/manage/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_500_page_speaks_both_languages() -> None:
    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器内部错误" in body and "Server error" in body


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", {"anonymous": 200, "public": 200, "submitter_a": 200, "approver": 200, "admin": 200}),
        ("/healthz", {"anonymous": 200, "public": 200, "admin": 200}),
        (
            "/agency/",
            {
                "anonymous": 302,
                "public": 403,
                "submitter_a": 200,
                "reviewer_a": 200,
                "submitter_b": 200,
                "approver": 403,
                "admin": 403,
            },
        ),
        (
            "/manage/",
            {"anonymous": 302, "public": 403, "submitter_a": 403, "approver": 200, "admin": 200},
        ),
        ("/django-admin/", {"anonymous": 302, "public": 302, "submitter_a": 302, "admin": 200}),
        ("/api/v1/schema/", {"anonymous": 200}),
        ("/api/v1/docs/", {"anonymous": 200}),
    ],
)
def test_core_urls_by_role(personas: Personas, url: str, expected: dict[str, int]) -> None:
    users = personas.by_name()
    for role, status in expected.items():
        assert client_for(users[role]).get(url).status_code == status, (url, role)
