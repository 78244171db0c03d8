"""The commitments API: public feed and detail, signing and withdrawal with own credentials."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.test import Client

from commitments.models import Commitment
from tests.commitments.conftest import World
from tests.commitments.factories import sign
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def body(world: World, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "subject_uscc": world.subject.uscc,
        "template_code": world.template.code,
        "matter": "开业许可",
        "values": {"licence_item": "食品经营许可证"},
        "notice_read": True,
    }
    values.update(overrides)
    return values


def test_public_list_is_a_cursor_feed_with_bounded_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        sign(world.representative, world.subject, world.template)
    client = Client()
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/commitments/?kind=application")
    assert response.status_code == 200
    data = response.json()
    assert len(data["results"]) == 3 and "next" in data and "count" not in data
    assert data["results"][0]["subject_uscc"] == world.subject.uscc


def test_list_filters_by_subject_name_fragment(world: World) -> None:
    sign(world.representative, world.subject, world.template)
    assert len(Client().get("/api/v1/commitments/?subject=椰风").json()["results"]) == 1
    assert Client().get("/api/v1/commitments/?subject=不存在").json()["results"] == []


def test_list_refuses_a_bad_filter_in_the_error_shape(world: World) -> None:
    response = Client().get("/api/v1/commitments/?signed_from=yesterday")
    assert response.status_code == 400
    assert "signed_from" in response.json()["error"]["details"]


def test_detail_has_the_text_and_hash(world: World) -> None:
    commitment = sign(world.representative, world.subject, world.template)
    data = Client().get(f"/api/v1/commitments/{commitment.pk}/").json()
    assert data["content_hash"] == commitment.content_hash
    assert data["text_zh"] == commitment.text_zh


def test_representative_signs_through_the_api(world: World) -> None:
    response = client_for(world.representative).post(
        "/api/v1/commitments/", body(world), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert Commitment.objects.get().signer == world.representative


def test_anonymous_cannot_sign(world: World) -> None:
    response = Client().post("/api/v1/commitments/", body(world), content_type="application/json")
    assert response.status_code == 401  # with a challenge to send credentials
    assert response["WWW-Authenticate"].startswith("Basic")
    assert not Commitment.objects.exists()


def test_api_signing_needs_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.representative)
    response = client.post("/api/v1/commitments/", body(world), content_type="application/json")
    assert response.status_code == 403


def test_non_representative_gets_a_rule_error(world: World) -> None:
    response = client_for(world.personas.public).post(
        "/api/v1/commitments/", body(world), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_representative_withdraws_through_the_api(world: World) -> None:
    commitment = sign(world.representative, world.subject, world.template)
    response = client_for(world.representative).post(
        f"/api/v1/commitments/{commitment.pk}/withdraw/", {}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_others_cannot_withdraw_through_the_api(world: World) -> None:
    commitment = sign(world.representative, world.subject, world.template)
    url = f"/api/v1/commitments/{commitment.pk}/withdraw/"
    response = client_for(world.personas.public).post(url, {}, content_type="application/json")
    assert response.status_code == 403
    assert Client().post(url, {}, content_type="application/json").status_code == 401


def basic(user: str, password: str) -> Client:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Basic {token}")


def test_a_program_signs_and_withdraws_with_the_representatives_own_password(
    world: World,
) -> None:
    client = basic(world.representative.username, "correct-horse-battery")
    response = client.post("/api/v1/commitments/", body(world), content_type="application/json")
    assert response.status_code == 201, response.json()
    commitment = Commitment.objects.get()
    assert commitment.signer == world.representative
    url = f"/api/v1/commitments/{commitment.pk}/withdraw/"
    assert client.post(url, {}, content_type="application/json").json()["status"] == "withdrawn"


def test_a_wrong_password_signs_nothing(world: World) -> None:
    client = basic(world.representative.username, "wrong")
    response = client.post("/api/v1/commitments/", body(world), content_type="application/json")
    assert response.status_code == 401
    assert not Commitment.objects.exists()
