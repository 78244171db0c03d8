"""The demo catalogue: 2026.1 in force, a 2026.2 draft with visible changes, loaded once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from catalogue.diff import version_diff
from catalogue.models import CatalogueItem, CatalogueVersion, FieldSpec
from catalogue.selectors import items_submittable_by, version_problems
from credit_platform.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_publishes_2026_1_and_drafts_2026_2(loaded: None) -> None:
    statuses = dict(CatalogueVersion.objects.values_list("label", "status"))
    assert statuses == {"2026.1": "published", "2026.2": "draft"}


def test_demo_is_idempotent(loaded: None) -> None:
    counts = (
        CatalogueVersion.objects.count(),
        CatalogueItem.objects.count(),
        FieldSpec.objects.count(),
    )
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        CatalogueVersion.objects.count(),
        CatalogueItem.objects.count(),
        FieldSpec.objects.count(),
    ) == counts


def test_demo_items_and_penalty_rules(loaded: None) -> None:
    version = CatalogueVersion.objects.get(label="2026.1")
    codes = set(version.items.values_list("code", flat=True))
    assert {"administrative-licence", "administrative-penalty", "commitment-breach"} <= codes
    assert len(codes) >= 8
    penalty = version.items.get(code="administrative-penalty")
    assert penalty.key_field == "decision_number"
    assert {
        "rule": "required_if_contains",
        "field": "fine_amount",
        "when": "penalty_categories",
        "values": ["03"],
    } in penalty.cross_rules
    categories = penalty.fields.get(name="penalty_categories")
    assert [c["code"] for c in categories.choices] == [f"{n:02d}" for n in range(1, 15)]
    assert penalty.fields.get(name="legal_rep_id_number").sensitive


def test_every_demo_item_has_the_subject_fields(loaded: None) -> None:
    version = CatalogueVersion.objects.get(label="2026.1")
    assert version_problems(version=version) == []
    for item in version.items.all():
        names = set(item.fields.values_list("name", flat=True))
        assert {
            "subject_name",
            "subject_kind",
            "subject_uscc",
            "subject_id_type",
            "subject_id_number",
        } <= names


def test_demo_draft_differs_visibly(loaded: None) -> None:
    diff = version_diff(
        before=CatalogueVersion.objects.get(label="2026.1"),
        after=CatalogueVersion.objects.get(label="2026.2"),
    )
    assert [item.code for item in diff.added] == ["environmental-credit-rating"]
    changed = {item.code: item for item in diff.changed}
    assert changed["administrative-licence"].fields_changed[0].name == "licence_content"
    assert changed["honours-awards"].fields_removed[0].name == "remarks"


def test_demo_agency_staff_may_submit_their_items(loaded: None) -> None:
    codes = set(
        items_submittable_by(User.objects.get(username="tax")).values_list("code", flat=True)
    )
    assert codes == {"tax-arrears"}
