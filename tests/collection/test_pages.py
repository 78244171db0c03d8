"""Agency pages: each URL by role, the form, the upload, the downloads, correct and revoke."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from catalogue.models import CatalogueItem
from collection.models import CreditRecord, Submission
from collection.services import submission_process
from tests.collection.factories import penalty_csv, penalty_row
from tests.collection.helpers import submit_rows
from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db

AGENCY_ONLY = {
    "anonymous": 302,
    "public": 403,
    "submitter_a": 200,
    "reviewer_a": 200,
    "submitter_b": 200,
    "approver": 403,
    "admin": 403,
}
AGENCY_A_ONLY = AGENCY_ONLY | {"submitter_b": 404}


@pytest.fixture
def objects(personas: Personas, penalty: CatalogueItem) -> dict[str, int]:
    rows = [penalty_row(1), penalty_row(2, fine_amount="=1+1")]
    submission = submit_rows(personas.submitter_a, penalty, rows)
    return {"submission": submission.pk, "record": CreditRecord.objects.get().pk}


def test_collection_urls_by_role(personas: Personas, objects: dict[str, int]) -> None:
    s, r = objects["submission"], objects["record"]
    urls = {
        "/agency/submit/": AGENCY_ONLY,
        "/agency/submit/admin-penalty/form/": AGENCY_A_ONLY,
        "/agency/submit/admin-penalty/upload/": AGENCY_A_ONLY,
        "/agency/submissions/": AGENCY_ONLY,
        f"/agency/submissions/{s}/": AGENCY_A_ONLY,
        f"/agency/submissions/{s}/progress/": AGENCY_A_ONLY,
        f"/agency/submissions/{s}/errors.csv": AGENCY_A_ONLY,
        f"/agency/submissions/{s}/errors.xlsx": AGENCY_A_ONLY,
        f"/agency/submissions/{s}/failed-rows.csv": AGENCY_A_ONLY,
        "/agency/records/": AGENCY_ONLY,
        "/agency/subjects/lookup/": AGENCY_ONLY,
        f"/agency/records/{r}/": AGENCY_A_ONLY,
        f"/agency/records/{r}/correct/": AGENCY_A_ONLY,
        "/manage/api-keys/": {
            "anonymous": 302,
            "public": 403,
            "submitter_a": 403,
            "approver": 403,
            "admin": 200,
        },
    }
    api_a = {"anonymous": 401, "public": 404, "submitter_a": 200, "submitter_b": 404, "admin": 404}
    urls[f"/api/v1/submissions/{s}/"] = api_a
    urls[f"/api/v1/submissions/{s}/errors/"] = api_a
    urls["/api/v1/records/changes/"] = {
        "anonymous": 401,
        "public": 403,
        "submitter_a": 200,
        "submitter_b": 200,
        "approver": 403,
        "admin": 403,
    }
    users = personas.by_name()
    for url, expected in urls.items():
        for role, status in expected.items():
            assert client_for(users[role]).get(url).status_code == status, (url, role)


def test_revoke_by_role(personas: Personas, objects: dict[str, int]) -> None:
    url = f"/agency/records/{objects['record']}/revoke/"
    data = {"reason": "decision annulled"}
    assert client_for(None).post(url, data).status_code == 302
    assert client_for(personas.submitter_b).post(url, data).status_code == 404
    assert client_for(personas.submitter_a).post(url, data).status_code == 403
    assert CreditRecord.objects.get().status == "active"
    assert client_for(personas.reviewer_a).post(url, data).status_code == 302
    record = CreditRecord.objects.get()
    assert (record.status, record.revoked_reason, record.revision) == (
        "revoked",
        "decision annulled",
        2,
    )


def test_the_form_shows_errors_next_to_the_fields(
    personas: Personas, penalty: CatalogueItem
) -> None:
    data = penalty_row(1, fine_amount="lots", penalty_categories=["03"])
    response = client_for(personas.submitter_a).post("/agency/submit/admin-penalty/form/", data)
    assert response.status_code == 200
    assert 'id="id_fine_amount-errors"' in response.content.decode()
    assert not Submission.objects.exists()


def test_the_form_submits_one_record(personas: Personas, penalty: CatalogueItem) -> None:
    data = penalty_row(1, penalty_categories=["03"])
    client = client_for(personas.submitter_a)
    response = client.post("/agency/submit/admin-penalty/form/", data)
    submission = Submission.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/agency/submissions/{submission.pk}/"
    )
    assert submission.channel == "form"
    submission_process(submission_id=submission.pk)
    assert CreditRecord.objects.get().source_key == data["decision_number"]


def test_an_upload_goes_to_its_progress_page(personas: Personas, penalty: CatalogueItem) -> None:
    client = client_for(personas.submitter_a)
    upload = SimpleUploadedFile("p.csv", penalty_csv([penalty_row(1)], encoding="gbk"))
    response = client.post(
        "/agency/submit/admin-penalty/upload/", {"file": upload, "policy": "accept_valid"}
    )
    submission = Submission.objects.get()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page
    submission_process(submission_id=submission.pk)
    page = client.get(response["Location"]).content.decode()
    assert "hx-trigger" not in page and 'id="valid-rows">1<' in page


def test_a_bad_upload_shows_the_reason(personas: Personas, penalty: CatalogueItem) -> None:
    upload = SimpleUploadedFile("p.csv", b"")
    response = client_for(personas.submitter_a).post(
        "/agency/submit/admin-penalty/upload/", {"file": upload, "policy": "accept_valid"}
    )
    assert response.status_code == 200


def streamed(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_downloads_neutralise_formulas(personas: Personas, objects: dict[str, int]) -> None:
    client = client_for(personas.submitter_a)
    base = f"/agency/submissions/{objects['submission']}"
    report = streamed(client.get(f"{base}/errors.csv"))
    rows = list(csv.reader(io.StringIO(report)))
    assert rows[1][2] == "'=1+1"
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/errors.xlsx").content))
    sheet = book.worksheets[0]
    assert sheet.cell(2, 3).value == "'=1+1" and sheet.cell(2, 3).data_type == "s"
    failed = streamed(client.get(f"{base}/failed-rows.csv"))
    failed_rows = list(csv.reader(io.StringIO(failed)))
    assert failed_rows[0][-1] == "错误说明 Errors"
    assert "'=1+1" in failed_rows[1]


def test_a_correction_makes_a_new_version(personas: Personas, objects: dict[str, int]) -> None:
    record = CreditRecord.objects.get()
    data = {k: v for k, v in record.payload.items() if v is not None}
    data |= {"fine_amount": "7.00", "reason": "typo in the amount"}
    data["penalty_categories"] = ["03"]
    response = client_for(personas.submitter_a).post(f"/agency/records/{record.pk}/correct/", data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.revision, record.payload["fine_amount"]) == (2, "7.00")
    page = client_for(personas.submitter_a).get(f"/agency/records/{record.pk}/").content.decode()
    assert "typo in the amount" in page


def test_my_records_filters(personas: Personas, objects: dict[str, int]) -> None:
    client = client_for(personas.submitter_a)
    record = CreditRecord.objects.get()
    assert (
        record.source_key
        in client.get("/agency/records/", {"q": record.source_key}).content.decode()
    )
    assert (
        record.source_key
        not in client.get("/agency/records/", {"status": "revoked"}).content.decode()
    )


def test_api_key_created_shown_once_and_revoked(personas: Personas) -> None:
    client: Client = client_for(personas.admin)
    response = client.post(
        "/manage/api-keys/", {"name": "SAMR system", "agency": personas.agency_a.pk}
    )
    assert response.status_code == 200
    token = response.context["token"]
    assert token and token not in client.get("/manage/api-keys/").content.decode()
    from collection.models import ApiKey

    key = ApiKey.objects.get()
    assert key.secret_hash != token and len(key.secret_hash) == 64
    client.post(f"/manage/api-keys/{key.pk}/revoke/")
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_the_form_looks_up_the_subject_by_code(personas: Personas, objects: dict[str, int]) -> None:
    record = CreditRecord.objects.select_related("subject").get()
    client = client_for(personas.submitter_a)
    found = client.get(
        "/agency/subjects/lookup/", {"subject_uscc": (record.subject.uscc or "").lower()}
    )
    assert record.subject.name in found.content.decode()
    new = client.get("/agency/subjects/lookup/", {"subject_uscc": "91460100MA5T0BXX0K"})
    assert "新建" in new.content.decode() or "new subject" in new.content.decode()
