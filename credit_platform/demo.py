"""Demo personas, shared by the demo loader and the launcher's banner (no Django imports)."""

from __future__ import annotations

DEMO_PASSWORD = "Hainan-Demo-2026"  # noqa: S105 - published demo login

# (username, full name, role group or "", agency code or "", superuser)
DEMO_USERS: list[tuple[str, str, str, str, bool]] = [
    ("admin", "平台管理员 Platform Admin", "platform_admin", "", True),
    ("approver", "目录审批人 Catalogue Approver", "catalogue_approver", "", False),
    ("submitter", "海口市场监管报送员 Haikou SAMR Submitter", "agency_submitter", "hk-samr", False),
    ("reviewer", "海口市场监管审核员 Haikou SAMR Reviewer", "agency_reviewer", "hk-samr", False),
    ("tax", "省税务局报送员 Provincial Tax Submitter", "agency_submitter", "hn-tax", False),
    ("citizen", "公众用户 Public User", "", "", False),
    ("company", "海南椰风食品有限公司代表 Company Representative", "", "", False),
]
# The demo subject that "company" represents (verified), with a signed commitment.
DEMO_REPRESENTED = "91460100747743438Q"

# (code, Chinese name, English name, level, parent code or "")
DEMO_AGENCIES: list[tuple[str, str, str, str, str]] = [
    ("hn-dc", "海南省发展和改革委员会", "Hainan Development and Reform Commission", "province", ""),
    (
        "hn-samr",
        "海南省市场监督管理局",
        "Hainan Administration for Market Regulation",
        "province",
        "",
    ),
    (
        "hk-samr",
        "海口市市场监督管理局",
        "Haikou Administration for Market Regulation",
        "city",
        "hn-samr",
    ),
    (
        "sy-samr",
        "三亚市市场监督管理局",
        "Sanya Administration for Market Regulation",
        "city",
        "hn-samr",
    ),
    ("hn-tax", "国家税务总局海南省税务局", "Hainan Provincial Tax Service", "province", ""),
    ("hn-court", "海南省高级人民法院", "Hainan High People's Court", "province", ""),
    (
        "hn-hrss",
        "海南省人力资源和社会保障厅",
        "Hainan Human Resources and Social Security",
        "province",
        "",
    ),
    ("hn-eco", "海南省生态环境厅", "Hainan Department of Ecology and Environment", "province", ""),
]

# (kind, name, code)
DEMO_SUBJECTS: list[tuple[str, str, str]] = [
    ("legal_person", "海南椰风食品有限公司", "91460100747743438Q"),
    ("legal_person", "海口南海明珠科技有限公司", "91460100MA5T0BXX0K"),
    ("legal_person", "三亚蓝湾旅游开发有限公司", "91460200MA5RC1AT22"),
    ("individual_business", "海口龙华区阿明海鲜排档", "92460106MA5TQ1WE3W"),
    ("other_organisation", "海南省旅游协会", "51460000MJP987531P"),
]
