"""A verified representative persona and a template of agency A, for commitments tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.utils import translation

from commitments.models import CommitmentTemplate
from credit_platform.models import Subject, User
from tests.commitments.factories import TemplateFactory, verified
from tests.conftest import Personas, make_user
from tests.factories import SubjectFactory


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    # Service messages are matched in English; pages pick their language per request.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media_in_tmp(settings: LazySettings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@dataclass
class World:
    personas: Personas
    subject: Subject
    representative: User
    template: CommitmentTemplate

    def by_name(self) -> dict[str, User | None]:
        return {**self.personas.by_name(), "representative": self.representative}


@pytest.fixture
def world(personas: Personas) -> World:
    subject = SubjectFactory.create(name="海南椰风测试有限公司")
    representative = make_user("representative-p")
    verified(representative, subject)
    template = TemplateFactory.create(agency=personas.agency_a, created_by=personas.admin)
    return World(personas, subject, representative, template)
