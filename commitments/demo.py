"""Demo commitment templates, one bilingual template per kind; loading twice adds nothing."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from commitments.models import Commitment, CommitmentTemplate, SelfDisclosure
from commitments.services import commitment_sign, self_disclosure_publish
from credit_platform.demo import DEMO_REPRESENTED
from credit_platform.models import Agency, Representation, Subject, User
from credit_platform.representation import representation_claim, representation_verify

CONSEQUENCES_ZH = (
    "承诺不实或者未履行承诺的，审批机关将依法撤销相关决定，并将违背承诺情况记入信用记录，"
    "依法依规实施惩戒；以后不再适用告知承诺制。"
)
CONSEQUENCES_EN = (
    "If the commitment is false or not kept, the authority revokes the decision according to "
    "law, enters the breach in the credit record and applies the measures the law provides; "
    "the subject may no longer use notify-and-commit."
)

TEMPLATES: list[dict[str, Any]] = [
    {
        "kind": "application",
        "code": "food-licence-notify-commit",
        "agency": "hk-samr",
        "title_zh": "食品经营许可告知承诺书",
        "title_en": "Notify-and-commit letter for a food business licence",
        "matter_zh": "申请办理{{licence_item}}（{{matter}}）。",
        "matter_en": "Application for {{licence_item}} ({{matter}}).",
        "conditions_zh": "经营场所、设施设备、管理制度和从业人员符合食品安全法规定的条件。",
        "conditions_en": (
            "Premises, equipment, management rules and staff meet the conditions of the "
            "Food Safety Law."
        ),
        "verification_zh": "审批机关将在作出许可决定后三个月内进行现场核查。",
        "verification_en": (
            "The licensing authority inspects the premises within three months of its decision."
        ),
        "consequences_zh": CONSEQUENCES_ZH,
        "consequences_en": CONSEQUENCES_EN,
        "body_zh": (
            "本单位{{subject_name}}（统一社会信用代码{{subject_code}}）郑重承诺：已经知晓"
            "{{licence_item}}的全部条件，所提交材料真实有效，经营场所位于{{premises}}，"
            "符合上述条件，愿意承担不实承诺的法律责任。承诺日期：{{date}}。"
        ),
        "body_en": (
            "We, {{subject_name}} (unified social credit code {{subject_code}}), solemnly commit "
            "that we know every condition for {{licence_item}}, that the documents submitted are "
            "true, that our premises at {{premises}} meet the conditions, and that we accept the "
            "legal consequences of a false commitment. Date: {{date}}."
        ),
        "variables": [
            {"name": "licence_item", "label_zh": "许可事项", "label_en": "Licence item"},
            {"name": "premises", "label_zh": "经营场所", "label_en": "Business premises"},
        ],
    },
    {
        "kind": "voluntary",
        "code": "tourism-honest-service",
        "agency": "hn-dc",
        "title_zh": "旅游行业诚信经营自律承诺书",
        "title_en": "Tourism industry honest service self-discipline commitment",
        "matter_zh": "{{matter}}：旅游服务诚信经营。",
        "matter_en": "{{matter}}: honest tourism services.",
        "conditions_zh": "明码标价，不强迫或者变相强迫消费，依法签订旅游合同。",
        "conditions_en": (
            "Prices are marked clearly, no forced shopping of any kind, travel contracts are "
            "signed as the law requires."
        ),
        "verification_zh": "行业主管部门和行业协会可随时抽查、受理投诉并核实。",
        "verification_en": (
            "The competent department and the industry association may inspect at any time, "
            "receive complaints and verify them."
        ),
        "consequences_zh": CONSEQUENCES_ZH,
        "consequences_en": CONSEQUENCES_EN,
        "body_zh": "{{subject_name}}承诺在{{service_area}}范围内诚信经营，接受社会监督。",
        "body_en": (
            "{{subject_name}} commits to honest business in {{service_area}} and accepts public "
            "supervision."
        ),
        "variables": [
            {"name": "service_area", "label_zh": "服务范围", "label_en": "Service area"},
        ],
    },
    {
        "kind": "repair",
        "code": "credit-repair-commitment",
        "agency": "hn-dc",
        "title_zh": "信用修复承诺书",
        "title_en": "Credit repair commitment",
        "matter_zh": "申请修复失信信息：{{matter}}。",
        "matter_en": "Application to repair dishonesty information: {{matter}}.",
        "conditions_zh": "已经履行行政处罚决定规定的义务，已经整改到位，公示期满最短期限。",
        "conditions_en": (
            "The obligations of the penalty decision are fulfilled, the problem is rectified "
            "and the minimum publication period has passed."
        ),
        "verification_zh": "认定单位可以核查整改情况，必要时进行现场检查。",
        "verification_en": (
            "The deciding agency may verify the rectification, on site where needed."
        ),
        "consequences_zh": CONSEQUENCES_ZH,
        "consequences_en": CONSEQUENCES_EN,
        "body_zh": (
            "{{subject_name}}承诺已就{{penalty_number}}号处罚决定完成整改，今后依法诚信经营。"
        ),
        "body_en": (
            "{{subject_name}} commits that the penalty decision {{penalty_number}} has been "
            "complied with and that it will operate honestly and lawfully."
        ),
        "variables": [
            {
                "name": "penalty_number",
                "label_zh": "处罚决定书文号",
                "label_en": "Penalty decision number",
            },
        ],
    },
]


def demo_pdf(name: str, text: str) -> SimpleUploadedFile:
    """A one-line PDF standing in for a scanned letter or a receipt."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 770, text)
    pdf.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def load() -> None:
    """The templates, and the demo company's verified representative with one commitment."""
    author = User.objects.filter(username="admin").first()
    if author is None:
        return
    load_templates(author)
    company = User.objects.filter(username="company").first()
    subject = Subject.objects.filter(uscc=DEMO_REPRESENTED).first()
    if company is not None and subject is not None:
        load_representative(author, company, subject)


def load_representative(admin: User, company: User, subject: Subject) -> None:
    """Claim, verification, a signed commitment and a self-disclosure, each only once."""
    if not Representation.objects.filter(user=company, subject=subject).exists():
        claim = representation_claim(
            user=company,
            uscc=DEMO_REPRESENTED,
            legal_representative="符海明",
            letter=demo_pdf("authorisation-letter.pdf", "Demo authorisation letter"),
        )
        representation_verify(actor=admin, representation=claim)
    template = CommitmentTemplate.objects.filter(code="food-licence-notify-commit").first()
    if template is not None and not Commitment.objects.filter(subject=subject).exists():
        commitment_sign(
            signer=company,
            subject=subject,
            template=template,
            matter="食品经营许可证延续",
            values={"licence_item": "食品经营许可", "premises": "海口市龙华区滨海大道88号"},
            notice_read=True,
        )
    if not SelfDisclosure.objects.filter(subject=subject).exists():
        self_disclosure_publish(
            actor=company,
            subject=subject,
            category=SelfDisclosure.Category.SOCIAL_WELFARE,
            title="2026年抗台风救灾捐赠",
            payload={
                "kind": "donation",
                "date": "2026-09-10",
                "description": "向文昌市受灾群众捐赠椰子汁和饮用水共计2000箱。",
                "amount": "12.5",
            },
            authenticity_confirmed=True,
        )


def load_templates(author: User) -> None:
    """Seed the demo templates by code; an existing code is left as it is."""
    for spec in TEMPLATES:
        if CommitmentTemplate.objects.filter(code=spec["code"]).exists():
            continue
        agency = Agency.objects.get(code=spec["agency"])
        CommitmentTemplate.objects.create(
            **{**spec, "agency": agency}, created_by=author, version=1, active=True
        )
