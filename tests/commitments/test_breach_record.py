"""The breach-to-record path: the call the collection service receives, validated for real.

The collection app has not landed on this branch, so ``collection.services`` is stood in
by a recorder that runs the catalogue's real compiled validator over the rows; it checks
the contract (channel, item of the version in force, agency, source key, idempotency) and
that the row is a valid record of the ``commitment-breach`` item.
"""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest

from catalogue.models import CatalogueItem, CatalogueVersion, FieldSpec
from catalogue.validation import compile_item
from commitments import services
from tests.commitments.conftest import World
from tests.commitments.factories import sign

pytestmark = pytest.mark.django_db

T = FieldSpec.Type
KINDS = [{"code": k, "label_zh": k, "label_en": k} for k in ("legal_person", "other_organisation")]


def breach_item(world: World) -> CatalogueItem:
    version = CatalogueVersion.objects.create(
        label="2026-test", status="published", author=world.personas.admin
    )
    item = CatalogueItem.objects.create(
        version=version,
        code="commitment-breach",
        name_zh="违背信用承诺",
        category="commitment",
        disclosure_level="public",
        disclosure_class="general",
        key_field="commitment_number",
    )
    fields = [
        ("subject_name", T.STRING, {}),
        ("subject_kind", T.ENUM, {"choices": KINDS}),
        ("subject_uscc", T.USCC, {}),
        ("commitment_number", T.STRING, {}),
        ("breach_reason", T.TEXT, {}),
        ("breach_date", T.DATE, {}),
    ]
    for order, (name, type_, extra) in enumerate(fields):
        FieldSpec.objects.create(
            item=item,
            name=name,
            label_zh=name,
            label_en=name,
            type=type_,
            required=True,
            order=order,
            **extra,
        )
    return item


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
    item = breach_item(world)
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
    assert row["commitment_number"] == f"CMT-{commitment.pk}"
    assert row["subject_uscc"] == world.subject.uscc
    assert row["breach_reason"] == "未按承诺整改"
    (result,) = call["results"]
    assert result.errors == []


def test_fulfilment_submits_nothing(world: World, recorder: list[dict[str, Any]]) -> None:
    breach_item(world)
    commitment = sign(world.representative, world.subject, world.template)
    services.commitment_fulfil(actor=world.personas.submitter_a, commitment=commitment, reason="ok")
    assert recorder == []


def test_without_a_published_breach_item_nothing_is_submitted(
    world: World, recorder: list[dict[str, Any]]
) -> None:
    commitment = sign(world.representative, world.subject, world.template)
    services.commitment_breach(actor=world.personas.submitter_a, commitment=commitment, reason="x")
    assert recorder == []
