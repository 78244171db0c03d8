"""Fixtures of the collection tests: the penalty item granted to agency A."""

from __future__ import annotations

import pytest

from catalogue.models import CatalogueItem
from catalogue.policy import ensure_seeded
from tests.collection.factories import penalty_item
from tests.conftest import Personas


@pytest.fixture
def penalty(personas: Personas) -> CatalogueItem:
    ensure_seeded()
    return penalty_item(personas.agency_a)
