"""GET /api/v1/subjects/<key>/records/: public records, masked, paginated, throttled, logged."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from credit_platform.models import Subject
from disclosure.models import Inquiry
from tests.disclosure.factories import natural_person, organisation
from tests.disclosure.records import RESIDENT_ID, Catalogue, catalogue, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def cat(db: None) -> Catalogue:
    return catalogue()


@pytest.fixture
def subject(db: None) -> Subject:
    return organisation("海南椰风食品有限公司")


def test_records_by_code_and_by_id_for_anyone(
    client: Client, cat: Catalogue, subject: Subject
) -> None:
    created = record(subject, cat.public, cat.agency, 1, under_objection=True)
    for key in (subject.uscc, subject.pk):
        body = client.get(f"/api/v1/subjects/{key}/records/").json()
        (row,) = body["results"]
        assert (row["id"], row["item_code"], row["under_objection"]) == (
            created.pk,
            "admin-penalty",
            True,
        )
        assert row["published_on"] == "2026-03-10" and row["repair_opens_on"] == "2026-06-10"
        assert {"label": "违法事实", "value": "未按规定公示年度报告"} in row["fields"]


def test_sensitive_fields_are_masked_and_other_levels_hidden(
    client: Client, cat: Catalogue, subject: Subject
) -> None:
    record(subject, cat.public, cat.agency, 1)
    record(subject, cat.authorised, cat.agency, 2)
    record(subject, cat.government, cat.agency, 3)
    text = client.get(f"/api/v1/subjects/{subject.uscc}/records/").content.decode()
    assert RESIDENT_ID not in text and "13812345678" not in text and "138****5678" in text
    assert "tax-arrears" not in text and "tax-audit" not in text


def test_records_are_paginated_by_cursor(client: Client, cat: Catalogue, subject: Subject) -> None:
    ids = [record(subject, cat.public, cat.agency, n).pk for n in range(25)]
    first = client.get(f"/api/v1/subjects/{subject.uscc}/records/").json()
    assert len(first["results"]) == 20 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    seen = [r["id"] for r in first["results"] + second["results"]]
    assert seen == sorted(ids, reverse=True)


def test_query_count_does_not_grow_with_records(
    client: Client, cat: Catalogue, subject: Subject
) -> None:
    url = f"/api/v1/subjects/{subject.uscc}/records/"
    record(subject, cat.public, cat.agency, 0)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 20):
        record(subject, cat.public, cat.agency, n)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_natural_persons_and_unknown_subjects_are_404(client: Client, cat: Catalogue) -> None:
    person = natural_person()
    assert client.get(f"/api/v1/subjects/{person.pk}/records/").status_code == 404
    assert client.get("/api/v1/subjects/91460100MA5TXXXXXX/records/").status_code == 404
    assert client.get("/api/v1/subjects/99999999/records/").status_code == 404
    assert not Inquiry.objects.exists()


def test_each_lookup_is_logged(client: Client, cat: Catalogue, subject: Subject) -> None:
    created = record(subject, cat.public, cat.agency, 1)
    client.get(f"/api/v1/subjects/{subject.uscc}/records/")
    inquiry = Inquiry.objects.get()
    assert (inquiry.basis, inquiry.what, inquiry.subject) == ("public", "api", subject)
    assert inquiry.detail == {"records": [created.pk]} and inquiry.ip == "127.0.0.1"


def test_anonymous_callers_are_throttled(
    client: Client, cat: Catalogue, subject: Subject, monkeypatch: pytest.MonkeyPatch
) -> None:
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    url = f"/api/v1/subjects/{subject.uscc}/records/"
    codes = [client.get(url).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert Inquiry.objects.count() == 3


def test_the_endpoint_is_in_the_openapi_schema(client: Client) -> None:
    schema = client.get("/api/v1/schema/")
    text = schema.content.decode()
    assert "/subjects/{key}/records/" in text and "subjects_records_list" in text
