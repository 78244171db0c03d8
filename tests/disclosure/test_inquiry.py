"""The inquiry log: append-only, purged after the retention policy, and "who looked at me"."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import DatabaseError, IntegrityError, transaction

from catalogue.models import PolicySetting
from credit_platform.services import ServiceError
from disclosure.models import Inquiry
from disclosure.services import inquiry_record
from disclosure.tasks import purge_inquiries
from tests.conftest import Personas, client_for
from tests.disclosure.factories import organisation, representative_of

pytestmark = pytest.mark.django_db


def _log(subject: object, **kwargs: object) -> Inquiry:
    defaults: dict[str, object] = {"basis": "public", "what": "profile"}
    return inquiry_record(subject=subject, **(defaults | kwargs))  # type: ignore[arg-type]


def test_inquiries_cannot_be_changed() -> None:
    inquiry = _log(organisation("海南椰风食品有限公司"))
    with pytest.raises(DatabaseError), transaction.atomic():
        Inquiry.objects.filter(pk=inquiry.pk).update(purpose="rewritten")


def test_inquiries_cannot_be_deleted_outside_the_purge() -> None:
    inquiry = _log(organisation("海南椰风食品有限公司"))
    with pytest.raises(DatabaseError), transaction.atomic():
        Inquiry.objects.filter(pk=inquiry.pk).delete()


def test_government_basis_needs_a_purpose(personas: Personas) -> None:
    subject = organisation("海南椰风食品有限公司")
    with pytest.raises(ServiceError):
        _log(subject, basis="government", viewer=personas.submitter_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Inquiry.objects.create(subject=subject, basis="government", what="profile")


def test_purge_deletes_only_rows_past_the_retention(seeded_policy: None) -> None:
    subject = organisation("海南椰风食品有限公司")
    with time_machine.travel(datetime.datetime(2020, 1, 10, tzinfo=datetime.UTC)):
        old = _log(subject)
    with time_machine.travel(datetime.datetime(2022, 6, 1, tzinfo=datetime.UTC)):
        recent = _log(subject)
    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)):
        assert purge_inquiries() == 1  # five years by default
    assert list(Inquiry.objects.values_list("id", flat=True)) == [recent.id]
    assert old.id not in Inquiry.objects.values_list("id", flat=True)


def test_purge_follows_the_policy_setting_in_batches(seeded_policy: None) -> None:
    from disclosure.services import inquiry_purge_expired

    PolicySetting.objects.filter(key="inquiry_log_retention_years").update(value=1)
    subject = organisation("海南椰风食品有限公司")
    with time_machine.travel(datetime.datetime(2024, 1, 10, tzinfo=datetime.UTC)):
        for _ in range(5):
            _log(subject)
    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)):
        assert inquiry_purge_expired(batch_size=2, max_batches=2) == 4
        assert inquiry_purge_expired(batch_size=2) == 1
    assert not Inquiry.objects.exists()


def test_who_looked_shows_the_public_and_agency_names(personas: Personas) -> None:
    subject = organisation("海南椰风食品有限公司")
    rep = representative_of(subject)
    _log(subject)
    _log(subject, viewer=personas.public)
    _log(subject, viewer=personas.submitter_a, basis="government", purpose="执法检查")
    page = client_for(rep).get(f"/subjects/{subject.pk}/inquiries/").content.decode()
    assert page.count("社会公众") == 2
    assert "甲机关" in page
    assert "public-p" not in page  # a private visitor is not named


def test_who_looked_is_paginated_newest_first(personas: Personas) -> None:
    subject = organisation("海南椰风食品有限公司")
    rep = representative_of(subject)
    for _ in range(30):
        _log(subject)
    client = client_for(rep)
    first = client.get(f"/subjects/{subject.pk}/inquiries/")
    assert first.context["page"].next_before is not None
    assert len(first.context["page"].rows) == 25
    second = client.get(
        f"/subjects/{subject.pk}/inquiries/?before={first.context['page'].next_before}"
    )
    assert len(second.context["page"].rows) == 5 and second.context["page"].next_before is None


def test_who_looked_is_only_for_verified_representatives(personas: Personas) -> None:
    subject = organisation("海南椰风食品有限公司")
    other = organisation("三亚蓝湾旅游开发有限公司")
    representative_of(subject, "rep-of-subject")
    other_rep = representative_of(other, "rep-of-other")
    url = f"/subjects/{subject.pk}/inquiries/"
    assert client_for(None).get(url).status_code == 302
    assert client_for(personas.public).get(url).status_code == 403
    assert client_for(personas.submitter_a).get(url).status_code == 403
    assert client_for(other_rep).get(url).status_code == 403
