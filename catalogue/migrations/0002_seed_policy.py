"""Seed the policy table with REFERENCE.md's values (national rules, then peer provinces)."""

from django.db import migrations

POLICY = [
    # key, value, unit, zh, en, source
    ("minor_max_months", 3, "months", "轻微失信信息最长公示期", "Longest display of minor dishonesty information", "N: State Council plan 2025"),
    ("general_min_months", 3, "months", "一般失信信息最短公示期（此后可申请信用修复）", "Shortest display of general dishonesty information before repair may be asked", "N: credit repair measures 2026"),
    ("general_max_months", 12, "months", "一般失信信息最长公示期", "Longest display of general dishonesty information", "N: credit repair measures 2026"),
    ("serious_min_months", 12, "months", "严重失信信息最短公示期（此后可申请信用修复）", "Shortest display of serious dishonesty information before repair may be asked", "N: credit repair measures 2026"),
    ("serious_max_months", 36, "months", "严重失信信息最长公示期", "Longest display of serious dishonesty information", "N: credit repair measures 2026"),
    ("disclosure_from_decision_date", 0, "flag", "公示期自决定日期起算（0为自公示日期起算）", "Count display periods from the decision date (0: from the publication date)", "N: 2026 rules count from publication"),
    ("revoked_withdraw_days", 3, "days", "行政处罚决定被撤销或变更后撤下公示的期限", "Days to withdraw a penalty whose decision was revoked or changed", "N"),
    ("archive_years", 5, "years", "失信信息自行为终止后最长保存年限", "Years dishonesty information is kept after the conduct ended", "P"),
    ("inquiry_log_retention_years", 5, "years", "查询日志保存年限", "Years inquiry logs are kept", "P: Shenzhen (Zhejiang: 10)"),
    ("objection_mark_working_days", 1, "working_days", "受理异议后标注“异议处理中”的期限", "Working days to mark a record under objection after acceptance", "P: Shanghai"),
    ("objection_first_check_working_days", 1, "working_days", "平台初审异议的期限", "Working days for the platform's first check of an objection", "P: Shenzhen"),
    ("objection_decision_working_days", 2, "working_days", "提供单位作出异议处理决定的期限", "Working days for the providing agency's decision on an objection", "P"),
    ("objection_extension_working_days", 3, "working_days", "经批准可延长的异议处理期限", "Working days an objection decision may be extended with approval", "P"),
    ("repair_platform_working_days", 10, "working_days", "平台答复信用修复申请的期限", "Working days for the platform to answer a repair application", "N"),
    ("repair_agency_working_days", 3, "working_days", "认定单位作出信用修复决定的期限", "Working days for the deciding agency's repair decision", "N"),
    ("bankruptcy_fraud_repair_years", 3, "years", "破产欺诈信息可申请修复前的年限", "Years before bankruptcy-fraud information may be repaired", "P: Shenzhen"),
    ("free_personal_reports_per_year", 2, "count", "个人每年免费信用报告次数", "Free credit reports a year for an individual", "P"),
]


def seed(apps, schema_editor):
    PolicySetting = apps.get_model("catalogue", "PolicySetting")
    for key, value, unit, zh, en, source in POLICY:
        PolicySetting.objects.get_or_create(
            key=key,
            defaults={"value": value, "unit": unit, "description_zh": zh,
                      "description_en": en, "source": source},
        )


def unseed(apps, schema_editor):
    apps.get_model("catalogue", "PolicySetting").objects.filter(
        key__in=[row[0] for row in POLICY]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
