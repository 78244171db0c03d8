"""Public API: search and subject, anonymous, throttled in Redis, one error shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from disclosure.models import Inquiry
from tests.disclosure.factories import natural_person, organisation

pytestmark = pytest.mark.django_db


def test_search_returns_highlighted_results_in_bounded_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    for i in range(30):
        organisation(f"海口椰风{i:02d}号贸易有限公司")
    # One search query: the read-only view runs outside a request transaction.
    with django_assert_max_num_queries(1):
        body = client.get("/api/v1/subjects/", {"q": "椰风"}).json()
    assert len(body["results"]) == 20
    assert "<mark>椰风</mark>" in body["results"][0]["name_html"]
    assert body["next"] and "after=" in body["next"]
    rest = client.get(body["next"]).json()
    assert len(rest["results"]) == 10 and rest["next"] is None


def test_short_query_is_a_400_in_the_api_error_shape(client: Client) -> None:
    response = client.get("/api/v1/subjects/", {"q": "海"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["details"]["q"]


def test_61st_request_in_a_minute_is_throttled(client: Client) -> None:
    organisation("海南椰风食品有限公司")
    statuses = [client.get("/api/v1/subjects/", {"q": "椰风"}).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
    response = client.get("/api/v1/subjects/", {"q": "椰风"})
    error = response.json()["error"]
    assert error["code"] == "throttled" and error["details"]["retry_after_s"] > 0


def test_subject_by_code_is_public_and_logged(client: Client) -> None:
    subject = organisation("海南椰风食品有限公司")
    body = client.get(f"/api/v1/subjects/{subject.uscc}/").json()
    assert body["name"] == "海南椰风食品有限公司" and body["uscc"] == subject.uscc
    inquiry = Inquiry.objects.get()
    assert (inquiry.what, inquiry.basis) == ("api", "public")


def test_natural_persons_are_not_in_the_api(client: Client) -> None:
    person = natural_person()
    assert client.get(f"/api/v1/subjects/{person.id_number}/").status_code == 404
    assert client.get(f"/api/v1/subjects/{person.pk}/").status_code == 404
    assert client.get("/api/v1/subjects/", {"q": person.name}).json()["results"] == []
