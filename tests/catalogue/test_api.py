"""The read-only catalogue API: what is in force, published versions, items and schemas."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator

from catalogue.models import CatalogueVersion
from tests.catalogue.factories import complete_item
from tests.conftest import Personas

pytestmark = pytest.mark.django_db
API = "/api/v1/catalogue/"


def test_catalogue_in_force_with_items_and_fields(
    client: Client, published: CatalogueVersion
) -> None:
    body = client.get(API).json()
    assert body["label"] == "2026.1" and body["status"] == "published"
    (item,) = body["items"]
    assert item["code"] == "administrative-penalty"
    assert item["providing_agencies"] == ["agency-a"]
    assert [f["name"] for f in item["fields"]] == [
        "subject_name",
        "subject_kind",
        "decision_number",
    ]


def test_no_version_in_force_is_404_in_the_api_error_shape(
    client: Client, draft: CatalogueVersion
) -> None:
    response = client.get(API)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_drafts_are_never_listed(
    client: Client, published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    labels = [v["label"] for v in client.get(API + "versions/").json()["results"]]
    assert labels == ["2026.1"]


def test_a_draft_version_is_404(client: Client, next_draft: CatalogueVersion) -> None:
    assert client.get(API + "versions/2026.2/").status_code == 404


def test_a_draft_only_item_is_404(client: Client, next_draft: CatalogueVersion) -> None:
    complete_item(version=next_draft, code="draft-only")
    assert client.get(API + "items/draft-only/").status_code == 404


def test_item_links_to_its_schemas(client: Client, published: CatalogueVersion) -> None:
    body = client.get(API + "items/administrative-penalty/").json()
    assert body["version"] == "2026.1"
    assert body["links"]["schema"].endswith("/catalogue/items/administrative-penalty/schema.json")
    assert client.get(body["links"]["table_schema"]).status_code == 200


def test_item_json_schema_is_valid(client: Client, published: CatalogueVersion) -> None:
    schema = client.get(API + "items/administrative-penalty/schema.json").json()
    Draft202012Validator.check_schema(schema)


def test_item_table_schema_has_typed_fields(client: Client, published: CatalogueVersion) -> None:
    schema = client.get(API + "items/administrative-penalty/table-schema.json").json()
    assert all("type" in f for f in schema["fields"])


def test_version_list_uses_cursor_pagination(
    client: Client, personas: Personas, published: CatalogueVersion
) -> None:
    body = client.get(API + "versions/").json()
    assert set(body) == {"next", "previous", "results"}


def _many_items(version: CatalogueVersion) -> None:
    for number in range(5):
        complete_item(version=version, code=f"extra-{number}")


def test_catalogue_query_count_does_not_grow_with_items(
    client: Client, personas: Personas, draft: CatalogueVersion, django_assert_max_num_queries: Any
) -> None:
    import datetime

    from catalogue import services

    _many_items(draft)
    services.version_submit(actor=personas.admin, version=draft)
    services.version_approve(approver=personas.approver, version=draft)
    services.version_publish(
        actor=personas.admin, version=draft, effective_from=datetime.date(2026, 1, 1)
    )
    with django_assert_max_num_queries(6):
        assert len(client.get(API).json()["items"]) == 6


def test_version_list_query_count(
    client: Client, published: CatalogueVersion, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(3):
        client.get(API + "versions/")


def test_the_schema_documents_the_catalogue_endpoints(client: Client) -> None:
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/catalogue/versions/" in schema
    assert "/api/v1/catalogue/items/{code}/schema.json" in schema


def test_anonymous_callers_share_the_public_api_rate(
    client: Client, published: CatalogueVersion
) -> None:
    statuses = [client.get(API).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429
    assert client.get("/api/v1/subjects/", {"q": "椰风"}).status_code == 429  # same allowance
