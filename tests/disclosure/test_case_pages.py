"""The objection and repair pages: filing, acting, clear messages, the record actions."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from collection.models import CreditRecord
from disclosure.models import Objection, RepairApplication
from tests.conftest import Personas, client_for
from tests.disclosure.cases import PDF, World, fast_passwords, on_day, pdf, png  # noqa: F401

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fast_passwords", "calendar_2026"),
]
D = datetime.date


@pytest.fixture
def world(personas: Personas) -> World:
    return World(personas, published_on=D(2026, 1, 5))


def test_an_objection_goes_through_its_pages(world: World) -> None:
    url = f"/objections/new/{world.record.pk}/"
    response = client_for(world.applicant).post(
        url, {"grounds": "past_period", "description": "已超过公示期", "evidence": [pdf(), png()]}
    )
    objection = Objection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/objections/{objection.pk}/"
    assert objection.evidence.count() == 2
    client_for(world.p.admin).post(f"/objections/{objection.pk}/check/", {"action": "accept"})
    client_for(world.p.reviewer_a).post(
        f"/objections/{objection.pk}/decide/", {"outcome": "stopped", "reason": "已超过公示期"}
    )
    objection.refresh_from_db()
    world.record.refresh_from_db()
    assert objection.outcome == Objection.Outcome.STOPPED
    assert not world.record.under_objection
    page = client_for(world.applicant).get(f"/objections/{objection.pk}/").content.decode()
    assert 'id="case-outcome"' in page


def test_a_correction_through_the_page(world: World) -> None:
    objection = Objection.objects.create(
        record=world.record, agency=world.p.agency_a, applicant=world.applicant, grounds="wrong",
        description="x", status="agency", first_check_due=D(2026, 1, 6),
        decision_due=D(2026, 1, 8),
    )  # fmt: skip
    CreditRecord.objects.filter(pk=world.record.pk).update(under_objection=True)
    form = {"outcome": "corrected", "reason": "金额有误", "field": "fine_amount", "value": "0.5"}
    client_for(world.p.reviewer_a).post(f"/objections/{objection.pk}/decide/", form)
    world.record.refresh_from_db()
    assert world.record.payload["fine_amount"] == "0.5"
    assert not world.record.under_objection


def test_bad_input_gets_messages_not_errors(world: World) -> None:
    client = client_for(world.applicant)
    url = f"/objections/new/{world.record.pk}/"
    response = client.post(url, {"grounds": "nonsense", "description": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"grounds", "description"}
    text = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00binary")
    response = client.post(url, {"grounds": "wrong", "description": "有误", "evidence": [text]})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Objection.objects.exists()
    assert client.get(f"/objections/{world.record.pk}x/").status_code == 404


def test_the_first_check_form_refusal_without_reason_is_a_message(world: World) -> None:
    client_for(world.applicant).post(
        f"/objections/new/{world.record.pk}/", {"grounds": "wrong", "description": "有误"}
    )
    objection = Objection.objects.get()
    admin = client_for(world.p.admin)
    response = admin.post(f"/objections/{objection.pk}/check/", {"action": "refuse"}, follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    objection.refresh_from_db()
    assert objection.status == Objection.Status.FIRST_CHECK
    response = admin.post(f"/objections/{objection.pk}/check/", {"action": "bogus"})
    assert response.status_code == 302


def test_a_repair_goes_through_its_pages(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        response = client_for(world.rep).post(
            f"/repairs/new/{world.record.pk}/",
            {
                "description": "已缴清罚款",
                "evidence": [png()],
                "letter": SimpleUploadedFile("letter.pdf", PDF),
                "letter_confirmed": "on",
            },
        )
        application = RepairApplication.objects.get()
        assert response["Location"] == f"/repairs/{application.pk}/"
        client_for(world.p.admin).post(f"/repairs/{application.pk}/check/", {"action": "accept"})
        client_for(world.p.reviewer_a).post(
            f"/repairs/{application.pk}/decide/", {"action": "approve"}
        )
    world.record.refresh_from_db()
    assert world.record.status == CreditRecord.Status.REPAIRED


def test_the_repair_form_needs_the_letter_and_the_confirmation(world: World) -> None:
    with on_day(D(2026, 9, 30)):
        response = client_for(world.rep).post(
            f"/repairs/new/{world.record.pk}/", {"description": "已缴清罚款"}
        )
    assert response.status_code == 200
    assert {"evidence", "letter", "letter_confirmed"} <= response.context["form"].errors.keys()


def test_queues_paginate_and_survive_a_bad_page_number(world: World) -> None:
    response = client_for(world.p.admin).get("/manage/objections/?page=abc")
    assert response.status_code == 200
    response = client_for(world.p.reviewer_a).get("/agency/repairs/?page=999")
    assert response.status_code == 200


# --- the profile's per-record actions ---------------------------------------------------


def render_actions(user: object, *, representative: bool, opens_on: D | None) -> str:
    record = SimpleNamespace(
        id=41, under_objection=False, disclosure_class="general", repair_opens_on=opens_on
    )
    # No request: the page's context processors run once per page, not per record.
    context = {"record": record, "user": user, "is_representative": representative}
    return render_to_string("disclosure/_record_actions.html", context)


def test_record_actions_add_no_query(world: World, django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        html = render_actions(world.rep, representative=True, opens_on=D(2026, 1, 1))
    assert "/objections/new/41/" in html
    assert "/repairs/new/41/" in html


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    html = render_actions(AnonymousUser(), representative=False, opens_on=None)
    assert "/accounts/login/?next=/objections/new/41/" in html
    assert "/repairs/new/" not in html


def test_repair_is_offered_to_representatives_only(world: World) -> None:
    html = render_actions(world.applicant, representative=False, opens_on=D(2026, 1, 1))
    assert "/objections/new/41/" in html
    assert "/repairs/new/" not in html


def test_repair_before_it_opens_is_disabled_with_the_date(world: World) -> None:
    with on_day(D(2026, 3, 1)):
        html = render_actions(world.rep, representative=True, opens_on=D(2026, 4, 5))
    assert "/repairs/new/" not in html
    assert "2026-04-05" in html
    assert 'aria-disabled="true"' in html
