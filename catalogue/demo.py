"""The demo catalogue: version 2026.1 in force (REFERENCE.md section 7) and a 2026.2 draft.

Built through the workflow services, so the demo has the same history a real catalogue
would: drafted by ``admin``, approved by ``approver``, published. Running it again adds
nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from catalogue import services
from catalogue.models import CatalogueItem, CatalogueVersion, FieldSpec
from credit_platform.models import Agency, User

T = FieldSpec.Type
ORGANISATIONS = ["legal_person", "other_organisation", "individual_business"]
ALL_KINDS = [*ORGANISATIONS, "natural_person"]


def codes(*rows: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"code": code, "label_zh": zh, "label_en": en} for code, zh, en in rows]


def field(name: str, zh: str, en: str, type_: str = T.STRING, **extra: Any) -> dict[str, Any]:
    return {"name": name, "label_zh": zh, "label_en": en, "type": type_, **extra}


def money(name: str, zh: str, en: str, **extra: Any) -> dict[str, Any]:
    """An amount in units of 10,000 yuan (the double-publicity standard's unit)."""
    return field(
        name,
        zh,
        en,
        T.DECIMAL,
        max_digits=20,
        decimal_places=6,
        min_value=0,
        help_zh="单位：万元",
        help_en="In units of 10,000 yuan",
        **extra,
    )


SUBJECT_KINDS = codes(
    ("legal_person", "法人", "Legal person"),
    ("other_organisation", "非法人组织", "Other organisation"),
    ("individual_business", "个体工商户", "Individual business"),
    ("natural_person", "自然人", "Natural person"),
)
ID_TYPES = codes(
    ("01", "居民身份证", "Resident identity card"),
    ("02", "护照", "Passport"),
    ("03", "港澳居民来往内地通行证", "Hong Kong and Macao permit"),
    ("04", "台湾居民来往大陆通行证", "Taiwan permit"),
    ("05", "外国人永久居留身份证", "Foreigner's permanent residence card"),
)
PENALTY_CATEGORIES = codes(
    ("01", "警告", "Warning"),
    ("02", "通报批评", "Notice of criticism"),
    ("03", "罚款", "Fine"),
    ("04", "没收违法所得", "Confiscation of illegal gains"),
    ("05", "没收非法财物", "Confiscation of illegal property"),
    ("06", "暂扣许可证件", "Licence suspension"),
    ("07", "降低资质等级", "Qualification downgrade"),
    ("08", "吊销许可证件", "Licence revocation"),
    ("09", "限制开展生产经营活动", "Restriction of business"),
    ("10", "责令停产停业", "Order to suspend"),
    ("11", "责令关闭", "Order to close"),
    ("12", "限制从业", "Restriction from practice"),
    ("13", "行政拘留", "Administrative detention"),
    ("14", "其他", "Other"),
)
LICENCE_CATEGORIES = codes(
    ("01", "普通", "Ordinary"),
    ("02", "特许", "Special"),
    ("03", "认可", "Approval"),
    ("04", "核准", "Verification"),
    ("05", "登记", "Registration"),
    ("06", "其他", "Other"),
)


def subject_fields(kinds: list[str]) -> list[dict[str, Any]]:
    """The reserved subject fields every item carries."""
    return [
        field("subject_name", "主体名称", "Subject name", required=True, max_length=200),
        field(
            "subject_kind",
            "主体类别",
            "Subject category",
            T.ENUM,
            required=True,
            choices=[c for c in SUBJECT_KINDS if c["code"] in kinds],
        ),
        field("subject_uscc", "统一社会信用代码", "Unified social credit code", T.USCC),
        field("subject_id_type", "证件类型", "Identity document type", T.ENUM, choices=ID_TYPES),
        field(
            "subject_id_number",
            "证件号码",
            "Identity document number",
            max_length=40,
            sensitive=True,
        ),
    ]


def legal_representative_fields() -> list[dict[str, Any]]:
    return [
        field("legal_representative", "法定代表人", "Legal representative", max_length=50),
        field(
            "legal_rep_id_type",
            "法定代表人证件类型",
            "Legal representative's ID type",
            T.ENUM,
            choices=ID_TYPES,
        ),
        field(
            "legal_rep_id_number",
            "法定代表人证件号码",
            "Legal representative's ID number",
            max_length=40,
            sensitive=True,
        ),
    ]


def source_fields(authority: str, authority_en: str) -> list[dict[str, Any]]:
    return [
        field("authority", authority, authority_en, required=True, max_length=200),
        field("authority_uscc", f"{authority}统一社会信用代码", f"{authority_en} USCC", T.USCC),
        field(
            "data_source_unit", "数据来源单位", "Data source unit", required=True, max_length=200
        ),
        field(
            "data_source_unit_uscc", "数据来源单位统一社会信用代码", "Data source unit USCC", T.USCC
        ),
        field("remarks", "备注", "Remarks", T.TEXT, max_length=500),
    ]


def subject_rules() -> list[dict[str, Any]]:
    return [
        {
            "rule": "required_if_equals",
            "field": "subject_uscc",
            "when": "subject_kind",
            "values": ORGANISATIONS,
        },
        {"rule": "uscc_matches_kind", "field": "subject_uscc", "kind_field": "subject_kind"},
    ]


def licence_item() -> dict[str, Any]:
    return {
        "code": "administrative-licence",
        "name_zh": "行政许可信息",
        "name_en": "Administrative licences",
        "category": CatalogueItem.Category.LICENCE,
        "agencies": ["hn-samr", "hk-samr", "sy-samr"],
        "subject_kinds": ALL_KINDS,
        "disclosure_level": CatalogueItem.DisclosureLevel.PUBLIC,
        "disclosure_class": CatalogueItem.DisclosureClass.NONE,
        "disclosure_months": 36,
        "legal_basis": "《中华人民共和国行政许可法》；“双公示”数据标准",
        "key_field": "licence_decision_number",
        "fields": [
            *subject_fields(ALL_KINDS),
            *legal_representative_fields(),
            field(
                "licence_decision_name",
                "行政许可决定文书名称",
                "Decision document name",
                required=True,
                max_length=64,
            ),
            field(
                "licence_decision_number",
                "行政许可决定文书号",
                "Decision document number",
                required=True,
                max_length=128,
            ),
            field(
                "licence_category",
                "许可类别",
                "Licence category",
                T.ENUM,
                required=True,
                choices=LICENCE_CATEGORIES,
            ),
            field("licence_certificate_name", "许可证书名称", "Certificate name", max_length=64),
            field("licence_number", "许可编号", "Licence number", max_length=64),
            field(
                "licence_content",
                "许可内容",
                "Licence content",
                T.TEXT,
                required=True,
                max_length=4000,
            ),
            field("decision_date", "许可决定日期", "Decision date", T.DATE, required=True),
            field("valid_from", "有效期自", "Valid from", T.DATE, required=True),
            field(
                "valid_to",
                "有效期至",
                "Valid to",
                T.DATE,
                required=True,
                help_zh="长期有效填写2099-12-31",
                help_en="2099-12-31 for permanent",
            ),
            field(
                "current_status",
                "当前状态",
                "Current status",
                T.ENUM,
                required=True,
                choices=codes(("1", "有效", "Valid"), ("2", "无效", "Invalid")),
            ),
            *source_fields("许可机关", "Licensing authority"),
        ],
        "cross_rules": [
            *subject_rules(),
            {"rule": "not_before", "field": "valid_to", "other": "valid_from"},
            {"rule": "not_future", "field": "decision_date"},
        ],
    }


def penalty_item() -> dict[str, Any]:
    return {
        "code": "administrative-penalty",
        "name_zh": "行政处罚信息",
        "name_en": "Administrative penalties",
        "category": CatalogueItem.Category.PENALTY,
        "agencies": ["hn-samr", "hk-samr", "sy-samr"],
        "subject_kinds": ALL_KINDS,
        "disclosure_level": CatalogueItem.DisclosureLevel.PUBLIC,
        "disclosure_class": CatalogueItem.DisclosureClass.GENERAL,
        "legal_basis": "《中华人民共和国行政处罚法》第四十八条；“双公示”数据标准",
        "key_field": "decision_number",
        "fields": [
            *subject_fields(ALL_KINDS),
            *legal_representative_fields(),
            field(
                "decision_number",
                "行政处罚决定书文号",
                "Decision number",
                required=True,
                max_length=128,
            ),
            field(
                "violation_type", "违法行为类型", "Violation type", required=True, max_length=2000
            ),
            field(
                "violation_facts",
                "违法事实",
                "Facts of the violation",
                T.TEXT,
                required=True,
                max_length=5000,
            ),
            field(
                "penalty_basis",
                "处罚依据",
                "Legal basis of the penalty",
                T.TEXT,
                required=True,
                max_length=2000,
            ),
            field(
                "penalty_categories",
                "处罚类别",
                "Penalty categories",
                T.MULTI_ENUM,
                required=True,
                choices=PENALTY_CATEGORIES,
            ),
            field(
                "penalty_content",
                "处罚内容",
                "Penalty content",
                T.TEXT,
                required=True,
                max_length=4000,
            ),
            money("fine_amount", "罚款金额（万元）", "Fine (10,000 yuan)"),
            money(
                "confiscated_amount",
                "没收违法所得、没收非法财物的金额（万元）",
                "Confiscated amount (10,000 yuan)",
            ),
            field(
                "suspended_licence_name",
                "暂扣或吊销证照名称",
                "Suspended or revoked licence name",
                max_length=64,
            ),
            field(
                "suspended_licence_number",
                "暂扣或吊销证照编号",
                "Suspended or revoked licence number",
                max_length=64,
            ),
            field("decision_date", "处罚决定日期", "Decision date", T.DATE, required=True),
            field("valid_to", "处罚有效期", "Penalty valid to", T.DATE),
            *source_fields("处罚机关", "Penalising authority"),
        ],
        "cross_rules": [
            *subject_rules(),
            {
                "rule": "required_if_contains",
                "field": "fine_amount",
                "when": "penalty_categories",
                "values": ["03"],
            },
            {
                "rule": "required_if_contains",
                "field": "confiscated_amount",
                "when": "penalty_categories",
                "values": ["04"],
            },
            {"rule": "not_future", "field": "decision_date"},
        ],
    }


def item(
    code: str,
    names: tuple[str, str],
    category: str,
    agencies: list[str],
    disclosure: tuple[str, str],
    key_field: str,
    fields: list[dict[str, Any]],
    rules: list[dict[str, Any]] | None = None,
    kinds: list[str] = ORGANISATIONS,
    basis: str = "",
) -> dict[str, Any]:
    return {
        "code": code,
        "name_zh": names[0],
        "name_en": names[1],
        "category": category,
        "agencies": agencies,
        "subject_kinds": kinds,
        "disclosure_level": disclosure[0],
        "disclosure_class": disclosure[1],
        "legal_basis": basis,
        "key_field": key_field,
        "fields": [*subject_fields(kinds), *fields],
        "cross_rules": [*subject_rules(), *(rules or [])],
    }


C = CatalogueItem.Category
PUBLIC = CatalogueItem.DisclosureLevel.PUBLIC
AUTHORISED = CatalogueItem.DisclosureLevel.AUTHORISED
K = CatalogueItem.DisclosureClass


def other_items() -> list[dict[str, Any]]:
    return [
        item(
            "enterprise-registration",
            ("企业登记基本信息", "Enterprise registration basics"),
            C.REGISTRATION,
            ["hn-samr"],
            (PUBLIC, K.NONE),
            "subject_uscc",
            [
                *legal_representative_fields(),
                money("registered_capital", "注册资本（万元）", "Registered capital (10,000 yuan)"),
                field(
                    "establishment_date", "成立日期", "Date of establishment", T.DATE, required=True
                ),
                field(
                    "registration_authority",
                    "登记机关",
                    "Registration authority",
                    required=True,
                    max_length=200,
                ),
                field("registered_address", "住所", "Registered address", max_length=300),
                field("business_scope", "经营范围", "Business scope", T.TEXT, max_length=4000),
                field(
                    "enterprise_status",
                    "登记状态",
                    "Registration status",
                    T.ENUM,
                    required=True,
                    choices=codes(
                        ("01", "存续", "Active"),
                        ("02", "吊销", "Revoked"),
                        ("03", "注销", "Deregistered"),
                        ("04", "迁出", "Moved out"),
                    ),
                ),
            ],
            [{"rule": "not_future", "field": "establishment_date"}],
            basis="《中华人民共和国市场主体登记管理条例》",
        ),
        item(
            "dishonest-judgment-debtors",
            ("失信被执行人信息", "Dishonest judgment debtors"),
            C.JUDICIAL,
            ["hn-court"],
            (PUBLIC, K.SERIOUS),
            "case_number",
            [
                field("case_number", "案号", "Case number", required=True, max_length=100),
                field("court_name", "执行法院", "Enforcing court", required=True, max_length=200),
                field("filing_date", "立案日期", "Filing date", T.DATE, required=True),
                field(
                    "basis_document_number",
                    "执行依据文号",
                    "Enforcement basis number",
                    max_length=100,
                ),
                field(
                    "obligation",
                    "生效法律文书确定的义务",
                    "Obligation under the judgment",
                    T.TEXT,
                    required=True,
                    max_length=4000,
                ),
                field(
                    "performance_status",
                    "履行情况",
                    "Performance",
                    T.ENUM,
                    required=True,
                    choices=codes(
                        ("1", "全部未履行", "Not performed"), ("2", "部分履行", "Partly performed")
                    ),
                ),
                field(
                    "dishonest_conduct",
                    "失信被执行人行为具体情形",
                    "Dishonest conduct",
                    T.TEXT,
                    required=True,
                    max_length=2000,
                ),
                field("publish_date", "发布日期", "Publication date", T.DATE, required=True),
            ],
            [
                {"rule": "not_future", "field": "filing_date"},
                {"rule": "not_before", "field": "publish_date", "other": "filing_date"},
            ],
            kinds=ALL_KINDS,
            basis="《最高人民法院关于公布失信被执行人名单信息的若干规定》",
        ),
        item(
            "tax-arrears",
            ("欠缴税款信息", "Tax arrears"),
            C.TAX,
            ["hn-tax"],
            (PUBLIC, K.GENERAL),
            "notice_number",
            [
                field(
                    "notice_number",
                    "欠税公告编号",
                    "Arrears notice number",
                    required=True,
                    max_length=64,
                ),
                field("tax_type", "欠税税种", "Tax type", required=True, max_length=100),
                money("arrears_amount", "欠税余额（万元）", "Arrears (10,000 yuan)", required=True),
                money(
                    "new_arrears_amount",
                    "当期新发生欠税金额（万元）",
                    "New arrears this period (10,000 yuan)",
                ),
                field(
                    "arrears_period_end",
                    "欠税所属期止",
                    "Arrears period end",
                    T.DATE,
                    required=True,
                ),
                field(
                    "tax_authority", "主管税务机关", "Tax authority", required=True, max_length=200
                ),
                field("announcement_date", "公告日期", "Announcement date", T.DATE, required=True),
            ],
            [{"rule": "not_future", "field": "announcement_date"}],
            basis="《中华人民共和国税收征收管理法》第四十五条",
        ),
        item(
            "social-insurance-arrears",
            ("社会保险费欠缴信息", "Social insurance arrears"),
            C.SOCIAL_INSURANCE,
            ["hn-hrss"],
            (AUTHORISED, K.GENERAL),
            "determination_number",
            [
                field(
                    "determination_number",
                    "认定文书号",
                    "Determination number",
                    required=True,
                    max_length=64,
                ),
                field(
                    "insurance_types",
                    "险种",
                    "Insurance types",
                    T.MULTI_ENUM,
                    required=True,
                    choices=codes(
                        ("1", "养老保险", "Pension"),
                        ("2", "医疗保险", "Medical"),
                        ("3", "失业保险", "Unemployment"),
                        ("4", "工伤保险", "Work injury"),
                        ("5", "生育保险", "Maternity"),
                    ),
                ),
                money("arrears_amount", "欠缴金额（万元）", "Arrears (10,000 yuan)", required=True),
                field("arrears_from", "欠缴起始年月", "Arrears from", T.DATE, required=True),
                field("arrears_to", "欠缴截止年月", "Arrears to", T.DATE, required=True),
                field("determined_date", "认定日期", "Date determined", T.DATE, required=True),
            ],
            [
                {"rule": "not_before", "field": "arrears_to", "other": "arrears_from"},
                {"rule": "not_future", "field": "determined_date"},
            ],
            basis="《中华人民共和国社会保险法》",
        ),
        item(
            "credit-commitment",
            ("信用承诺信息", "Credit commitments"),
            C.COMMITMENT,
            ["hn-dc"],
            (PUBLIC, K.NONE),
            "commitment_number",
            [
                field(
                    "commitment_number",
                    "承诺书编号",
                    "Commitment number",
                    required=True,
                    max_length=64,
                ),
                field(
                    "commitment_type",
                    "承诺类型",
                    "Commitment type",
                    T.ENUM,
                    required=True,
                    choices=codes(
                        ("01", "审批替代型", "Application-based"),
                        ("02", "主动型", "Voluntary"),
                        ("03", "行业自律型", "Industry self-discipline"),
                        ("04", "信用修复型", "Credit repair"),
                    ),
                ),
                field(
                    "commitment_content",
                    "承诺内容",
                    "Commitment",
                    T.TEXT,
                    required=True,
                    max_length=4000,
                ),
                field("commitment_date", "承诺日期", "Date of commitment", T.DATE, required=True),
                field(
                    "accepting_authority",
                    "承诺受理单位",
                    "Accepting authority",
                    required=True,
                    max_length=200,
                ),
            ],
            [{"rule": "not_future", "field": "commitment_date"}],
            basis="《海南自由贸易港社会信用条例》第十三条",
        ),
        item(
            "commitment-breach",
            ("信用承诺违诺信息", "Breaches of credit commitments"),
            C.COMMITMENT,
            ["hn-dc"],
            (PUBLIC, K.GENERAL),
            "breach_number",
            [
                field(
                    "breach_number",
                    "违诺认定文书号",
                    "Breach determination number",
                    required=True,
                    max_length=64,
                ),
                field(
                    "commitment_number",
                    "承诺书编号",
                    "Commitment number",
                    required=True,
                    max_length=64,
                ),
                field(
                    "breach_facts",
                    "违诺事实",
                    "Facts of the breach",
                    T.TEXT,
                    required=True,
                    max_length=4000,
                ),
                field("determined_date", "认定日期", "Date determined", T.DATE, required=True),
                field(
                    "determining_authority",
                    "认定单位",
                    "Determining authority",
                    required=True,
                    max_length=200,
                ),
                field("measures", "处理措施", "Measures taken", T.TEXT, max_length=2000),
            ],
            [{"rule": "not_future", "field": "determined_date"}],
            basis="《海南自由贸易港社会信用条例》第十三条",
        ),
        item(
            "honours-awards",
            ("表彰奖励信息", "Honours and awards"),
            C.HONOUR,
            ["hn-dc"],
            (PUBLIC, K.NONE),
            "award_document_number",
            [
                field(
                    "award_document_number",
                    "表彰决定文号",
                    "Award decision number",
                    required=True,
                    max_length=64,
                ),
                field("honour_name", "荣誉名称", "Honour", required=True, max_length=200),
                field(
                    "awarding_authority",
                    "授予单位",
                    "Awarding authority",
                    required=True,
                    max_length=200,
                ),
                field("award_date", "授予日期", "Date awarded", T.DATE, required=True),
                field("valid_to", "有效期至", "Valid to", T.DATE),
                field("remarks", "备注", "Remarks", T.TEXT, max_length=500),
            ],
            [{"rule": "not_before", "field": "valid_to", "other": "award_date"}],
            kinds=ALL_KINDS,
        ),
    ]


def environment_item() -> dict[str, Any]:
    return item(
        "environmental-credit-rating",
        ("企业环境信用评价信息", "Environmental credit ratings"),
        C.OTHER,
        ["hn-eco"],
        (PUBLIC, K.NONE),
        "rating_document_number",
        [
            field(
                "rating_document_number",
                "评价结果文号",
                "Rating document number",
                required=True,
                max_length=64,
            ),
            field(
                "rating",
                "评价等级",
                "Rating",
                T.ENUM,
                required=True,
                choices=codes(
                    ("A", "环保诚信", "Trustworthy"),
                    ("B", "环保良好", "Good"),
                    ("C", "环保警示", "Warning"),
                    ("D", "环保不良", "Poor"),
                ),
            ),
            field(
                "rating_year",
                "评价年度",
                "Rating year",
                T.INTEGER,
                required=True,
                min_value=2000,
                max_value=2100,
            ),
            field(
                "rating_authority", "评价单位", "Rating authority", required=True, max_length=200
            ),
        ],
    )


# --- loading ------------------------------------------------------------------------------

PUBLISHED_LABEL = "2026.1"
DRAFT_LABEL = "2026.2"


def _add_item(author: User, version: CatalogueVersion, spec: dict[str, Any]) -> None:
    spec = dict(spec)
    fields = spec.pop("fields")
    agencies = Agency.objects.filter(code__in=spec.pop("agencies"))
    added = services.item_add(actor=author, version=version, data=spec, agencies=agencies)
    for data in fields:
        services.field_add(actor=author, item=added, data=data)


def _published(author: User, approver: User) -> CatalogueVersion:
    version = services.version_start_draft(
        author=author,
        label=PUBLISHED_LABEL,
        change_note="首版目录：“双公示”行政许可、行政处罚及七类信用信息。\n"
        "First edition: administrative licences and penalties, and seven more items.",
    )
    for spec in [licence_item(), penalty_item(), *other_items()]:
        _add_item(author, version, spec)
    services.version_submit(actor=author, version=version)
    services.version_approve(approver=approver, version=version, comment="同意。Approved.")
    return services.version_publish(
        actor=author, version=version, effective_from=datetime.date(2026, 1, 1)
    )


def _draft(author: User, base: CatalogueVersion) -> None:
    version = services.version_start_draft(
        author=author,
        label=DRAFT_LABEL,
        change_note="新增环境信用评价信息；许可内容限长2000字；表彰奖励删除备注。\n"
        "Adds environmental credit ratings; licence content up to 2,000 characters; "
        "honours lose their remarks.",
        copy_from=base,
    )
    _add_item(author, version, environment_item())
    content = FieldSpec.objects.get(
        item__version=version, item__code="administrative-licence", name="licence_content"
    )
    services.field_change(actor=author, field=content, data={"max_length": 2000})
    remarks = FieldSpec.objects.get(
        item__version=version, item__code="honours-awards", name="remarks"
    )
    services.field_remove(actor=author, field=remarks)


@transaction.atomic
def load_demo_catalogue() -> None:
    """Version 2026.1 in force and a 2026.2 draft; nothing happens when they exist."""
    author = User.objects.get(username="admin")
    approver = User.objects.get(username="approver")
    published = CatalogueVersion.objects.filter(label=PUBLISHED_LABEL).first()
    if published is None:
        published = _published(author, approver)
    if not CatalogueVersion.objects.filter(label=DRAFT_LABEL).exists():
        _draft(author, published)
