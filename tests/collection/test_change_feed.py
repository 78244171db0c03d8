"""The change feed serves every change once, in order, even when commits come out of order."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from catalogue.models import CatalogueItem
from catalogue.policy import ensure_seeded
from collection.models import CreditRecord
from collection.services import apikey_create, record_revoke
from credit_platform.models import AuditEvent
from tests.collection.factories import penalty_item, penalty_row
from tests.collection.helpers import submit_rows
from tests.conftest import Personas

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def item(personas: Personas) -> CatalogueItem:
    ensure_seeded()
    return penalty_item(personas.agency_a)


def feed(client: Client, cursor: str | None = None) -> dict:
    return client.get("/api/v1/records/changes/", {"cursor": cursor} if cursor else {}).json()


def reader(personas: Personas) -> Client:
    _, token = apikey_create(agency=personas.agency_b, name="Region", actor=personas.admin)
    return Client(HTTP_AUTHORIZATION=f"Api-Key {token}")


def test_inserts_updates_and_revocations_in_order(
    personas: Personas, item: CatalogueItem, django_assert_max_num_queries: object
) -> None:
    client = reader(personas)
    submit_rows(personas.submitter_a, item, [penalty_row(1), penalty_row(2)])
    submit_rows(personas.submitter_a, item, [penalty_row(1, fine_amount="9.99")])
    record_revoke(
        record=CreditRecord.objects.get(source_key=penalty_row(2)["decision_number"]),
        actor=personas.reviewer_a,
        reason="annulled",
    )
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        page = feed(client)
    kinds = [(c["kind"], c["source_key"][-3:]) for c in page["results"]]
    assert kinds == [
        ("insert", "〕1号"),
        ("insert", "〕2号"),
        ("update", "〕1号"),
        ("revoke", "〕2号"),
    ]
    assert feed(client, page["next_cursor"])["results"] == []
    # Each page read is logged as government sharing; an empty page reads nothing.
    (read,) = AuditEvent.objects.filter(action="records.feed_read")
    assert read.agency_id == personas.agency_b.pk and read.detail["changes"] == 4
    assert read.detail["records"] == sorted(CreditRecord.objects.values_list("pk", flat=True))


def test_a_late_commit_of_an_earlier_transaction_is_not_skipped(
    personas: Personas, item: CatalogueItem
) -> None:
    client = reader(personas)
    early_has_xid, late_done, release_early = (
        threading.Event(),
        threading.Event(),
        threading.Event(),
    )

    def early() -> None:
        with transaction.atomic():
            submit_rows(personas.submitter_a, item, [penalty_row(1)])
            early_has_xid.set()
            release_early.wait(10)
        connection.close()

    thread = threading.Thread(target=early)
    thread.start()
    assert early_has_xid.wait(10)
    submit_rows(personas.submitter_a, item, [penalty_row(2)])  # starts later, commits first
    late_done.set()
    page = feed(client)
    assert page["results"] == []  # held back: an older transaction is still running
    release_early.set()
    thread.join(10)
    page = feed(client, page["next_cursor"])
    assert [c["source_key"][-3:] for c in page["results"]] == ["〕1号", "〕2号"]


def test_a_transaction_in_another_database_does_not_hold_the_feed_back(
    personas: Personas, item: CatalogueItem
) -> None:
    import psycopg

    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname="postgres",
    )
    try:
        other.execute("SELECT pg_current_xact_id()")  # holds an xid until it ends
        submit_rows(personas.submitter_a, item, [penalty_row(1)])
        page = feed(reader(personas))
        assert [c["kind"] for c in page["results"]] == ["insert"]
    finally:
        other.close()
