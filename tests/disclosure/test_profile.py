"""Subject profile page and API: public organisations, hidden natural persons, every view logged."""

from __future__ import annotations

import pytest
from django.test import Client

from disclosure.models import Inquiry
from tests.conftest import Personas, client_for
from tests.disclosure.factories import natural_person, organisation, representative_of

pytestmark = pytest.mark.django_db


def test_profile_by_id_and_by_code_shows_basic_information(client: Client) -> None:
    subject = organisation("海南椰风食品有限公司", former_names=["海南椰林食品厂"])
    for key in (subject.pk, subject.uscc, (subject.uscc or "").lower()):
        page = client.get(f"/subjects/{key}/").content.decode()
        assert "海南椰风食品有限公司" in page and (subject.uscc or "-") in page
        assert "海南椰林食品厂" in page


def test_every_profile_view_is_logged(client: Client, personas: Personas) -> None:
    subject = organisation("海南椰风食品有限公司")
    client.get(f"/subjects/{subject.pk}/")
    client_for(personas.submitter_a).get(f"/subjects/{subject.pk}/")
    logged = list(Inquiry.objects.filter(subject=subject).order_by("id"))
    assert [(i.basis, i.what, i.viewer_id) for i in logged] == [
        ("public", "profile", None),
        ("public", "profile", personas.submitter_a.id),
    ]
    assert logged[0].ip == "127.0.0.1" and logged[1].viewer_agency == personas.agency_a


def test_natural_person_profile_is_not_public(client: Client, personas: Personas) -> None:
    person = natural_person()
    assert client.get(f"/subjects/{person.pk}/").status_code == 404
    assert client_for(personas.public).get(f"/subjects/{person.pk}/").status_code == 404
    assert not Inquiry.objects.exists()


def test_government_staff_see_a_natural_person_after_stating_a_purpose(
    personas: Personas,
) -> None:
    person = natural_person("王海南")
    client = client_for(personas.submitter_a)
    form = client.get(f"/subjects/{person.pk}/")
    assert form.status_code == 200 and "王海南" not in form.content.decode()
    assert not Inquiry.objects.exists()
    page = client.post(f"/subjects/{person.pk}/", {"purpose": "行政许可审查"}).content.decode()
    assert "王海南" in page and (person.id_number or "") not in page
    assert (person.id_number or "")[-4:] in page
    inquiry = Inquiry.objects.get()
    assert (inquiry.basis, inquiry.purpose) == ("government", "行政许可审查")


def test_representative_views_are_logged_as_own_and_offer_their_pages() -> None:
    subject = organisation("海南椰风食品有限公司")
    page = client_for(representative_of(subject)).get(f"/subjects/{subject.pk}/")
    assert f"/subjects/{subject.pk}/inquiries/" in page.content.decode()
    assert Inquiry.objects.get().basis == "own"


def test_unknown_subject_is_404(client: Client) -> None:
    assert client.get("/subjects/999999/").status_code == 404
    assert client.get("/subjects/not-a-code/").status_code == 404
