"""The diff between two versions: items added, removed, changed, with field-level detail."""

from __future__ import annotations

import pytest

from catalogue import services
from catalogue.diff import version_diff
from catalogue.models import CatalogueVersion
from tests.catalogue.conftest import penalty_item
from tests.catalogue.factories import ItemFactory, complete_item
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_an_unchanged_copy_has_an_empty_diff(
    published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    assert version_diff(before=published, after=next_draft).is_empty


def test_an_added_item_is_listed(published: CatalogueVersion, next_draft: CatalogueVersion) -> None:
    complete_item(version=next_draft, code="tax-arrears")
    diff = version_diff(before=published, after=next_draft)
    assert [item.code for item in diff.added] == ["tax-arrears"]
    assert diff.removed == [] and diff.changed == []


def test_a_removed_item_is_listed(
    personas: Personas, published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    services.item_remove(actor=personas.admin, item=penalty_item(next_draft))
    diff = version_diff(before=published, after=next_draft)
    assert [item.code for item in diff.removed] == ["administrative-penalty"]


def test_a_changed_attribute_has_before_and_after(
    personas: Personas, published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    services.item_change(
        actor=personas.admin, item=penalty_item(next_draft), data={"disclosure_class": "serious"}
    )
    (changed,) = version_diff(before=published, after=next_draft).changed
    assert [(c.attribute, c.before, c.after) for c in changed.changes] == [
        ("disclosure_class", "general", "serious")
    ]


def test_changed_providing_agencies_show_agency_codes(
    personas: Personas, published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    services.item_change(
        actor=personas.admin,
        item=penalty_item(next_draft),
        data={},
        agencies=[personas.agency_a, personas.agency_b],
    )
    (changed,) = version_diff(before=published, after=next_draft).changed
    (change,) = changed.changes
    assert (change.before, change.after) == (["agency-a"], ["agency-a", "agency-b"])


def test_fields_added_removed_and_changed(
    personas: Personas, published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    item = penalty_item(next_draft)
    services.field_add(
        actor=personas.admin,
        item=item,
        data={"name": "fine_amount", "label_zh": "罚款", "label_en": "Fine", "type": "decimal"},
    )
    services.field_remove(actor=personas.admin, field=item.fields.get(name="subject_name"))
    services.field_change(
        actor=personas.admin, field=item.fields.get(name="decision_number"), data={"max_length": 64}
    )
    (changed,) = version_diff(before=published, after=next_draft).changed
    assert [spec.name for spec in changed.fields_added] == ["fine_amount"]
    assert [spec.name for spec in changed.fields_removed] == ["subject_name"]
    (field,) = changed.fields_changed
    assert field.name == "decision_number"
    assert [(c.attribute, c.before, c.after) for c in field.changes] == [("max_length", 128, 64)]


def test_against_nothing_every_item_is_added(draft: CatalogueVersion) -> None:
    ItemFactory.create(version=draft, code="second")
    diff = version_diff(before=None, after=draft)
    assert sorted(item.code for item in diff.added) == ["administrative-penalty", "second"]
