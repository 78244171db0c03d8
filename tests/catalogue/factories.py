"""factory_boy factories for catalogue versions, items and fields (drafts: the ORM may write)."""

from __future__ import annotations

from typing import Any

import factory

from catalogue.models import CatalogueItem, CatalogueVersion, FieldSpec
from tests.factories import UserFactory

SUBJECT_KIND_CODES = [
    {"code": "legal_person", "label_zh": "法人", "label_en": "Legal person"},
    {"code": "other_organisation", "label_zh": "非法人组织", "label_en": "Other organisation"},
    {"code": "individual_business", "label_zh": "个体工商户", "label_en": "Individual business"},
    {"code": "natural_person", "label_zh": "自然人", "label_en": "Natural person"},
]


class VersionFactory(factory.django.DjangoModelFactory[CatalogueVersion]):
    class Meta:
        model = CatalogueVersion

    label = factory.Sequence(lambda n: f"2030.{n}")
    author = factory.SubFactory(UserFactory)
    change_note = "测试版本 test version"


class ItemFactory(factory.django.DjangoModelFactory[CatalogueItem]):
    class Meta:
        model = CatalogueItem

    version = factory.SubFactory(VersionFactory)
    code = factory.Sequence(lambda n: f"item-{n}")
    name_zh = factory.Sequence(lambda n: f"测试事项{n}")
    name_en = factory.Sequence(lambda n: f"Test item {n}")
    category = CatalogueItem.Category.PENALTY
    subject_kinds = factory.LazyFunction(lambda: ["legal_person"])
    disclosure_level = CatalogueItem.DisclosureLevel.PUBLIC
    disclosure_class = CatalogueItem.DisclosureClass.GENERAL
    key_field = "decision_number"
    order = factory.Sequence(lambda n: n)


class FieldFactory(factory.django.DjangoModelFactory[FieldSpec]):
    class Meta:
        model = FieldSpec

    item = factory.SubFactory(ItemFactory)
    name = factory.Sequence(lambda n: f"field_{n}")
    label_zh = factory.Sequence(lambda n: f"字段{n}")
    label_en = factory.Sequence(lambda n: f"Field {n}")
    type = FieldSpec.Type.STRING
    order = factory.Sequence(lambda n: n)


def complete_item(**kwargs: Any) -> CatalogueItem:
    """An item that passes the submission checks: subject fields and its key field."""
    item = ItemFactory.create(**kwargs)
    FieldFactory.create(
        item=item, name="subject_name", label_zh="主体名称", label_en="Subject name", required=True
    )
    FieldFactory.create(
        item=item,
        name="subject_kind",
        label_zh="主体类别",
        label_en="Subject category",
        type=FieldSpec.Type.ENUM,
        choices=SUBJECT_KIND_CODES,
        required=True,
    )
    FieldFactory.create(
        item=item,
        name="decision_number",
        label_zh="决定书文号",
        label_en="Decision number",
        required=True,
        max_length=128,
    )
    return item
