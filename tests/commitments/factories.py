"""Factories and helpers for commitments tests."""

from __future__ import annotations

from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments import services
from commitments.models import Commitment, CommitmentTemplate
from credit_platform.models import Representation, Subject, User
from tests.factories import AgencyFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "letter.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class TemplateFactory(factory.django.DjangoModelFactory[CommitmentTemplate]):
    class Meta:
        model = CommitmentTemplate

    kind = "application"
    code = factory.Sequence(lambda n: f"template-{n}")
    title_zh = "告知承诺书"
    title_en = "Notify-and-commit letter"
    matter_zh = "申请{{licence_item}}"
    matter_en = "Application for {{licence_item}}"
    conditions_zh = "符合条件"
    conditions_en = "The conditions are met"
    verification_zh = "机关可核查"
    verification_en = "The authority may verify"
    consequences_zh = "虚假承诺将记入信用记录"
    consequences_en = "A false commitment enters the credit record"
    body_zh = "{{subject_name}}承诺办理{{licence_item}}，事项：{{matter}}"
    body_en = "{{subject_name}} commits for {{licence_item}}, matter: {{matter}}"
    variables = factory.LazyFunction(
        lambda: [{"name": "licence_item", "label_zh": "许可事项", "label_en": "Licence item"}]
    )
    agency = factory.SubFactory(AgencyFactory)
    created_by = factory.SubFactory(UserFactory)


def verified(user: User, subject: Subject) -> Representation:
    return Representation.objects.create(
        user=user,
        subject=subject,
        legal_representative="张三",
        letter=pdf(),
        status=Representation.Status.VERIFIED,
    )


def sign(
    signer: User, subject: Subject, template: CommitmentTemplate, **overrides: Any
) -> Commitment:
    arguments: dict[str, Any] = {
        "signer": signer,
        "subject": subject,
        "template": template,
        "matter": "食品经营许可",
        "values": {"licence_item": "食品经营许可证"},
        "notice_read": True,
    }
    arguments.update(overrides)
    return services.commitment_sign(**arguments)
