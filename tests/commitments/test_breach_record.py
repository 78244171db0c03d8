"""The breach-to-record path: the call the collection service receives, validated for real.

The collection app has not landed on this branch, so ``collection.services`` is stood in
by a recorder that runs the catalogue's real compiled validator over the rows; it checks
the contract (channel, item of the version in force, agency, source key, idempotency) and
that the row is a valid record of the demo catalogue's ``commitment-breach`` item.
"""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from django.core.management import call_command

from catalogue.models import CatalogueItem
from catalogue.validation import compile_item
from commitments import services
from tests.commitments.conftest import World
from tests.commitments.factories import sign

pytestmark = pytest.mark.django_db


def breach_item() -> CatalogueItem:
    """The demo catalogue's item in force, put there by the catalogue workflow's own demo."""
    call_command("load_demo")
    return CatalogueItem.objects.get(code="commitment-breach", version__status="published")


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def submission_create(**kwargs: Any) -> str:
        validator = compile_item(kwargs["item"])
        kwargs["results"] = [validator(row) for row in kwargs["rows"]]
        calls.append(kwargs)
        return "submission"

    module = types.ModuleType("collection.services")
    module.submission_create = submission_create  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "collection.services", module)
    return calls


def test_breach_submits_one_valid_row_keyed_by_the_commitment(
    world: World, recorder: list[dict[str, Any]]
) -> None:
    item = breach_item()
    commitment = sign(world.representative, world.subject, world.template)
    services.commitment_breach(
        actor=world.personas.submitter_a, commitment=commitment, reason="未按承诺整改"
    )
    (call,) = recorder
    assert call["channel"] == "system"
    assert call["item"] == item
    assert call["agency"] == world.personas.agency_a
    assert call["submitter"] == world.personas.submitter_a
    assert call["idempotency_key"] == f"commitment-breach-{commitment.pk}"
    (row,) = call["rows"]
    assert row["breach_number"] == f"CMT-{commitment.pk}"
    assert row["subject_uscc"] == world.subject.uscc
    assert row["breach_facts"] == "未按承诺整改"
    (result,) = call["results"]
    assert result.errors == []


def test_fulfilment_submits_nothing(world: World, recorder: list[dict[str, Any]]) -> None:
    breach_item()
    commitment = sign(world.representative, world.subject, world.template)
    services.commitment_fulfil(actor=world.personas.submitter_a, commitment=commitment, reason="ok")
    assert recorder == []


def test_without_a_published_breach_item_nothing_is_submitted(
    world: World, recorder: list[dict[str, Any]]
) -> None:
    commitment = sign(world.representative, world.subject, world.template)
    services.commitment_breach(actor=world.personas.submitter_a, commitment=commitment, reason="x")
    assert recorder == []
