"""Prefix indexes for search by code and name, and a trigger that makes the inquiry log append-only."""

from django.db import migrations

# Pattern-ops btrees serve `LIKE 'prefix%'` under any server collation (a plain btree only
# under C). The code prefix (6+ characters) and the name-prefix ranking tier use them.
PREFIX_INDEXES = """
CREATE INDEX IF NOT EXISTS subject_uscc_prefix
    ON credit_platform_subject (uscc varchar_pattern_ops);
CREATE INDEX IF NOT EXISTS subject_name_prefix
    ON credit_platform_subject (name varchar_pattern_ops);
"""
DROP_PREFIX_INDEXES = """
DROP INDEX IF EXISTS subject_uscc_prefix;
DROP INDEX IF EXISTS subject_name_prefix;
"""

# Query logs are append-only (REFERENCE.md section 2). The retention purge runs with
# credit.inquiry_purge = 'on' set locally; nothing else may delete, nothing may update.
TRIGGER = """
CREATE FUNCTION credit_inquiry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('credit.inquiry_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the inquiry log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER credit_inquiry_append_only
    BEFORE UPDATE OR DELETE ON disclosure_inquiry
    FOR EACH ROW EXECUTE FUNCTION credit_inquiry_append_only();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS credit_inquiry_append_only ON disclosure_inquiry;
DROP FUNCTION IF EXISTS credit_inquiry_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]

    operations = [
        migrations.RunSQL(PREFIX_INDEXES, DROP_PREFIX_INDEXES),
        migrations.RunSQL(TRIGGER, DROP_TRIGGER),
    ]
