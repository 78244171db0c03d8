"""Claims to represent a subject: filing, verification, refusal, revocation, letter access."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from credit_platform.models import AuditEvent, Representation, Subject
from credit_platform.representation import (
    representation_claim,
    representation_refuse,
    representation_revoke,
    representation_verify,
    subjects_represented_by,
)
from credit_platform.services import ServiceError
from tests.commitments.conftest import World
from tests.commitments.factories import PNG, pdf
from tests.conftest import Personas, client_for
from tests.factories import make_uscc

pytestmark = pytest.mark.django_db


def claim(personas: Personas, uscc: str, **kwargs: object) -> Representation:
    arguments: dict[str, object] = {
        "user": personas.public,
        "uscc": uscc,
        "legal_representative": "李四",
        "letter": pdf(),
    }
    arguments.update(kwargs)
    return representation_claim(**arguments)  # type: ignore[arg-type]


def test_claim_for_a_known_subject_is_pending(world: World) -> None:
    claimed = claim(world.personas, world.subject.uscc or "")
    assert claimed.status == Representation.Status.PENDING
    assert claimed.subject == world.subject
    assert AuditEvent.objects.filter(action="representation.claim").exists()


def test_claim_for_a_new_subject_needs_its_name(personas: Personas) -> None:
    with pytest.raises(ServiceError, match="name"):
        claim(personas, make_uscc())


def test_claim_for_a_new_subject_with_a_valid_code_creates_it(personas: Personas) -> None:
    code = make_uscc()
    claimed = claim(personas, code, subject_name="新设测试有限公司")
    assert Subject.objects.get(uscc=code).name == "新设测试有限公司"
    assert claimed.subject.uscc == code


def test_claim_with_an_invalid_code_is_refused_and_creates_nothing(personas: Personas) -> None:
    code = make_uscc()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ServiceError, match=r"check character|校验码"):
        claim(personas, wrong, subject_name="某公司")
    assert not Subject.objects.filter(uscc=wrong).exists()


def test_second_open_claim_for_the_same_subject_is_refused(world: World) -> None:
    claim(world.personas, world.subject.uscc or "")
    with pytest.raises(ServiceError):
        claim(world.personas, world.subject.uscc or "")


def test_letter_of_the_wrong_type_is_refused(world: World) -> None:
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ServiceError, match="PDF"):
        claim(world.personas, world.subject.uscc or "", letter=fake)


def test_letter_whose_name_disagrees_with_its_bytes_is_refused(world: World) -> None:
    png_named_pdf = SimpleUploadedFile("letter.pdf", PNG, "application/pdf")
    with pytest.raises(ServiceError):
        claim(world.personas, world.subject.uscc or "", letter=png_named_pdf)


@override_settings(EVIDENCE_MAX_BYTES=1024)
def test_letter_that_is_too_big_is_refused(world: World) -> None:
    big = pdf(content=b"%PDF-1.4\n" + b"0" * 2048)
    with pytest.raises(ServiceError, match="KB"):
        claim(world.personas, world.subject.uscc or "", letter=big)


def test_admin_verifies_a_pending_claim(world: World) -> None:
    claimed = claim(world.personas, world.subject.uscc or "")
    representation_verify(actor=world.personas.admin, representation=claimed)
    assert world.subject in subjects_represented_by(world.personas.public)


def test_pending_claim_does_not_make_a_representative(world: World) -> None:
    claim(world.personas, world.subject.uscc or "")
    assert world.subject not in subjects_represented_by(world.personas.public)


def test_non_admin_cannot_verify(world: World) -> None:
    claimed = claim(world.personas, world.subject.uscc or "")
    with pytest.raises(ServiceError):
        representation_verify(actor=world.personas.approver, representation=claimed)


def test_refusal_needs_a_reason_and_keeps_it(world: World) -> None:
    claimed = claim(world.personas, world.subject.uscc or "")
    with pytest.raises(ServiceError):
        representation_refuse(actor=world.personas.admin, representation=claimed, reason=" ")
    refused = representation_refuse(
        actor=world.personas.admin, representation=claimed, reason="授权书无公章"
    )
    assert refused.status == Representation.Status.REFUSED
    assert refused.reason == "授权书无公章"


def test_verified_claim_cannot_be_refused(world: World) -> None:
    claimed = claim(world.personas, world.subject.uscc or "")
    representation_verify(actor=world.personas.admin, representation=claimed)
    with pytest.raises(ServiceError):
        representation_refuse(actor=world.personas.admin, representation=claimed, reason="x")


def test_pending_claim_cannot_be_revoked(world: World) -> None:
    claimed = claim(world.personas, world.subject.uscc or "")
    with pytest.raises(ServiceError):
        representation_revoke(actor=world.personas.admin, representation=claimed, reason="x")


def test_revocation_ends_representation(world: World) -> None:
    representation = world.representative.representations.get()
    representation_revoke(actor=world.personas.admin, representation=representation, reason="离职")
    assert not subjects_represented_by(world.representative).exists()


def test_a_user_may_represent_several_subjects_and_a_subject_several_users(world: World) -> None:
    other = claim(world.personas, make_uscc(), subject_name="另一家公司")
    first = claim(world.personas, world.subject.uscc or "")
    for claimed in (other, first):
        representation_verify(actor=world.personas.admin, representation=claimed)
    assert subjects_represented_by(world.personas.public).count() == 2
    assert world.subject.representations.filter(status="verified").count() == 2


def test_letter_download_by_claimant_and_admin_only(world: World) -> None:
    claimed = claim(world.personas, world.subject.uscc or "")
    url = f"/commitments/represent/{claimed.pk}/letter/"
    assert client_for(world.personas.public).get(url).status_code == 200
    response = client_for(world.personas.admin).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert "attachment" in response["Content-Disposition"]
    assert client_for(world.personas.submitter_a).get(url).status_code == 404
    assert client_for(world.representative).get(url).status_code == 404


def test_claim_page_refuses_a_wrong_file_with_a_message(world: World) -> None:
    response = client_for(world.personas.public).post(
        "/commitments/represent/claim/",
        {
            "uscc": world.subject.uscc,
            "legal_representative": "李四",
            "letter": SimpleUploadedFile("x.png", b"GIF89a....", "image/png"),
        },
    )
    assert response.status_code == 200
    assert not Representation.objects.filter(user=world.personas.public).exists()


def test_admin_queue_verifies_through_the_page(world: World) -> None:
    claimed = claim(world.personas, world.subject.uscc or "")
    response = client_for(world.personas.admin).post(
        f"/commitments/manage/representatives/{claimed.pk}/verify/"
    )
    assert response.status_code == 302
    claimed.refresh_from_db()
    assert claimed.status == Representation.Status.VERIFIED
