"""What changed between two catalogue versions: items by code, fields by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catalogue.models import CatalogueItem, CatalogueVersion, FieldSpec
from catalogue.selectors import version_items
from catalogue.services import FIELD_ATTRS, ITEM_ATTRS

ITEM_COMPARED = (*tuple(a for a in ITEM_ATTRS if a != "code"), "providing_agencies")
FIELD_COMPARED = (*tuple(a for a in FIELD_ATTRS if a != "name"), "order")


@dataclass
class Change:
    attribute: str
    before: Any
    after: Any

    @property
    def label(self) -> str:
        return attribute_label(self.attribute)


@dataclass
class FieldDiff:
    name: str
    changes: list[Change]


@dataclass
class ItemDiff:
    code: str
    name: str
    changes: list[Change] = field(default_factory=list)
    fields_added: list[FieldSpec] = field(default_factory=list)
    fields_removed: list[FieldSpec] = field(default_factory=list)
    fields_changed: list[FieldDiff] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes or self.fields_added or self.fields_removed or self.fields_changed)


@dataclass
class VersionDiff:
    before: CatalogueVersion | None
    after: CatalogueVersion
    added: list[CatalogueItem]
    removed: list[CatalogueItem]
    changed: list[ItemDiff]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def attribute_label(name: str) -> str:
    """The verbose name of an item or field attribute, for the review page."""
    for model in (CatalogueItem, FieldSpec):
        try:
            return str(getattr(model._meta.get_field(name), "verbose_name", name))
        except Exception:  # noqa: S112 - try the next model
            continue
    return name


def _value(obj: Any, name: str) -> Any:
    if name == "providing_agencies":
        return sorted(agency.code for agency in obj.providing_agencies.all())
    return getattr(obj, name)


def _changes(before: Any, after: Any, names: tuple[str, ...]) -> list[Change]:
    pairs = ((name, _value(before, name), _value(after, name)) for name in names)
    return [Change(name, old, new) for name, old, new in pairs if old != new]


def _item_diff(before: CatalogueItem, after: CatalogueItem) -> ItemDiff:
    old_fields = {spec.name: spec for spec in before.fields.all()}
    new_fields = {spec.name: spec for spec in after.fields.all()}
    changed = [
        FieldDiff(name, _changes(old_fields[name], spec, FIELD_COMPARED))
        for name, spec in new_fields.items()
        if name in old_fields
    ]
    return ItemDiff(
        code=after.code,
        name=after.name,
        changes=_changes(before, after, ITEM_COMPARED),
        fields_added=[spec for name, spec in new_fields.items() if name not in old_fields],
        fields_removed=[spec for name, spec in old_fields.items() if name not in new_fields],
        fields_changed=[change for change in changed if change.changes],
    )


def version_diff(*, before: CatalogueVersion | None, after: CatalogueVersion) -> VersionDiff:
    """Items added, removed and changed from ``before`` (None: an empty catalogue) to ``after``."""
    old = {item.code: item for item in (version_items(version=before) if before else [])}
    new = {item.code: item for item in version_items(version=after)}
    changed = [_item_diff(old[code], item) for code, item in new.items() if code in old]
    return VersionDiff(
        before=before,
        after=after,
        added=[item for code, item in new.items() if code not in old],
        removed=[item for code, item in old.items() if code not in new],
        changed=[diff for diff in changed if diff],
    )
