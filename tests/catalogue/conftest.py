"""Catalogue fixtures: a complete draft by the admin persona, and the same version further on."""

from __future__ import annotations

import datetime

import pytest

from catalogue import services
from catalogue.models import CatalogueItem, CatalogueVersion
from tests.catalogue.factories import VersionFactory, complete_item
from tests.conftest import Personas


@pytest.fixture
def draft(personas: Personas) -> CatalogueVersion:
    version = VersionFactory.create(label="2026.1", author=personas.admin)
    item = complete_item(version=version, code="administrative-penalty", name_zh="行政处罚信息")
    item.providing_agencies.set([personas.agency_a])
    return version


@pytest.fixture
def submitted(draft: CatalogueVersion, personas: Personas) -> CatalogueVersion:
    return services.version_submit(actor=personas.admin, version=draft)


@pytest.fixture
def approved(submitted: CatalogueVersion, personas: Personas) -> CatalogueVersion:
    return services.version_approve(approver=personas.approver, version=submitted, comment="ok")


@pytest.fixture
def published(approved: CatalogueVersion, personas: Personas) -> CatalogueVersion:
    return services.version_publish(
        actor=personas.admin, version=approved, effective_from=datetime.date(2026, 1, 1)
    )


@pytest.fixture
def next_draft(published: CatalogueVersion, personas: Personas) -> CatalogueVersion:
    return services.version_start_draft(author=personas.admin, label="2026.2", copy_from=published)


def penalty_item(version: CatalogueVersion) -> CatalogueItem:
    return version.items.get(code="administrative-penalty")
