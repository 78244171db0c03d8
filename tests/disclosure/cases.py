"""Helpers of the objection and repair tests: a record of agency A, its subject's
representative, evidence files, a frozen clock in the platform's time zone."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from catalogue.models import CatalogueItem
from catalogue.policy import ensure_seeded
from collection.models import CreditRecord
from credit_platform.models import User
from tests.collection.factories import penalty_item, penalty_row
from tests.collection.helpers import submit_rows
from tests.conftest import Personas
from tests.disclosure.factories import organisation, representative_of

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def fast_passwords(settings: Any) -> None:
    """Hash the personas' passwords cheaply: eight PBKDF2 hashes cost three seconds a test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def english() -> Iterator[None]:
    """Service messages in English, so tests can match their words."""
    with translation.override("en"):
        yield


def pdf(name: str = "proof.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@contextmanager
def on_day(day: datetime.date, hour: int = 10) -> Iterator[None]:
    """Freeze the clock at ``hour`` o'clock Beijing time on ``day``."""
    moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=False):
        yield


def with_email(user: User, address: str | None = None) -> User:
    user.email = address or f"{user.username}@example.cn"
    user.save(update_fields=["email"])
    return user


class World:
    """A penalty record of agency A about a company, plus who acts on it."""

    def __init__(self, personas: Personas, **record_fields: Any) -> None:
        ensure_seeded()
        self.p = personas
        self.item: CatalogueItem = CatalogueItem.objects.filter(
            code="admin-penalty"
        ).first() or penalty_item(personas.agency_a)
        self.subject = organisation("海南争议贸易有限公司")
        self.rep = with_email(representative_of(self.subject, "rep-of-subject"))
        self.applicant = with_email(personas.public)
        self.record = self.make_record(**record_fields)

    def make_record(self, n: int = 1, **fields: Any) -> CreditRecord:
        row = penalty_row(
            n, subject_name=self.subject.name, subject_uscc=self.subject.uscc, fine_amount="1.00"
        )
        row.update(fields.pop("payload", {}))
        submission = submit_rows(self.p.submitter_a, self.item, [row])
        assert submission.status == "accepted", list(submission.errors.values("message_en"))
        record = CreditRecord.objects.get(source_key=row["decision_number"])
        if fields:
            CreditRecord.objects.filter(pk=record.pk).update(**fields)
            record.refresh_from_db()
        return record
