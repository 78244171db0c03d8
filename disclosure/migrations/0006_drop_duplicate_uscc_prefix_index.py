"""Drop ``subject_uscc_prefix``: Django already keeps the same pattern-ops btree on the
unique ``uscc`` column (``credit_platform_subject_uscc_..._like``), so every subject write
paid for two identical indexes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0005_credit_report")]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS subject_uscc_prefix;",
            reverse_sql=(
                "CREATE INDEX IF NOT EXISTS subject_uscc_prefix "
                "ON credit_platform_subject (uscc varchar_pattern_ops);"
            ),
        ),
    ]
