"""The submissions API with API keys, idempotency, errors paging and limits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from django.test import Client, override_settings

from catalogue.models import CatalogueItem
from collection.models import CreditRecord, Submission
from collection.services import apikey_create, apikey_revoke, submission_process
from tests.collection.factories import penalty_csv, penalty_row
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(personas: Personas) -> str:
    _, token = apikey_create(agency=personas.agency_a, name="SAMR system", actor=personas.admin)
    return token


def api(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Api-Key {token}")


def post(client: Client, body: Mapping[str, object], **headers: str) -> Any:
    return client.post(
        "/api/v1/submissions/", body, content_type="application/json", headers=headers
    )


def test_an_api_key_submits_records_and_gets_202(token: str, penalty: CatalogueItem) -> None:
    response = post(api(token), {"item": "admin-penalty", "records": [penalty_row(1)]})
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "received" and body["total_rows"] == 1
    submission_process(submission_id=body["id"])
    status = api(token).get(f"/api/v1/submissions/{body['id']}/").json()
    assert status["status"] == "accepted" and status["valid_rows"] == 1
    assert CreditRecord.objects.get().agency.code == "agency-a"


def test_a_retried_request_with_the_same_key_returns_the_first(
    token: str, penalty: CatalogueItem
) -> None:
    body = {"item": "admin-penalty", "records": [penalty_row(1)]}
    first = post(api(token), body, **{"Idempotency-Key": "abc-1"})
    again = post(api(token), body, **{"Idempotency-Key": "abc-1"})
    assert first.status_code == 202 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert Submission.objects.count() == 1


def test_a_file_can_be_posted(token: str, penalty: CatalogueItem) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("p.csv", penalty_csv([penalty_row(1)]))
    response = api(token).post("/api/v1/submissions/", {"item": "admin-penalty", "file": upload})
    assert response.status_code == 202
    assert Submission.objects.get().file_format == "csv"


def test_errors_are_paged_with_a_cursor(
    token: str, penalty: CatalogueItem, django_assert_max_num_queries: object
) -> None:
    rows = [penalty_row(n, decision_date="x") for n in range(150)] + [penalty_row(999)]
    submission_id = post(api(token), {"item": "admin-penalty", "records": rows}).json()["id"]
    submission_process(submission_id=submission_id)
    client = api(token)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        page = client.get(f"/api/v1/submissions/{submission_id}/errors/").json()
    assert len(page["results"]) == 100 and page["results"][0]["row"] == 1
    rest = client.get(page["next"]).json()
    assert len(rest["results"]) == 50 and rest["next"] is None


@override_settings(SUBMISSION_MAX_API_RECORDS=3)
def test_more_records_than_the_limit_are_refused(token: str, penalty: CatalogueItem) -> None:
    response = post(
        api(token), {"item": "admin-penalty", "records": [penalty_row(n) for n in range(4)]}
    )
    assert response.status_code == 400
    assert "at most 3" in str(response.json())


def test_bad_requests_get_the_error_shape(token: str, penalty: CatalogueItem) -> None:
    response = post(api(token), {"item": "admin-penalty"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    response = api(token).post("/api/v1/submissions/", "not json", content_type="application/json")
    assert response.status_code == 400


def test_an_item_the_agency_does_not_provide_answers_404(
    personas: Personas, penalty: CatalogueItem
) -> None:
    _, other = apikey_create(agency=personas.agency_b, name="B system", actor=personas.admin)
    response = post(api(other), {"item": "admin-penalty", "records": [penalty_row(1)]})
    assert response.status_code == 404


def test_another_agencys_submission_answers_404(
    personas: Personas, token: str, penalty: CatalogueItem
) -> None:
    submission_id = post(api(token), {"item": "admin-penalty", "records": [penalty_row(1)]}).json()[
        "id"
    ]
    assert (
        client_for(personas.submitter_b).get(f"/api/v1/submissions/{submission_id}/").status_code
        == 404
    )
    assert (
        client_for(personas.submitter_a).get(f"/api/v1/submissions/{submission_id}/").status_code
        == 200
    )


def test_a_revoked_or_wrong_key_is_refused(
    personas: Personas, token: str, penalty: CatalogueItem
) -> None:
    assert api("nope.nope").get("/api/v1/submissions/1/").status_code == 401
    from collection.models import ApiKey

    apikey_revoke(key=ApiKey.objects.get(), actor=personas.admin)
    assert api(token).get("/api/v1/submissions/1/").status_code == 401


def test_key_use_is_recorded(token: str, penalty: CatalogueItem) -> None:
    from collection.models import ApiKey

    assert api(token).get("/api/v1/records/changes/").status_code == 200
    assert ApiKey.objects.get().last_used_at is not None


def test_anonymous_cannot_submit(penalty: CatalogueItem) -> None:
    response = post(Client(), {"item": "admin-penalty", "records": [penalty_row(1)]})
    assert response.status_code in (401, 403)
