"""Role groups, and a trigger that makes the audit trail append-only."""

from django.db import migrations

ROLES = ["platform_admin", "catalogue_approver", "agency_submitter", "agency_reviewer"]

# Logs are append-only (REFERENCE.md section 2). Retention purges run in a transaction
# that sets credit.audit_purge = 'on'; nothing else may delete, and nothing may update.
TRIGGER = """
CREATE FUNCTION credit_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('credit.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER credit_audit_append_only
    BEFORE UPDATE OR DELETE ON credit_platform_auditevent
    FOR EACH ROW EXECUTE FUNCTION credit_audit_append_only();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS credit_audit_append_only ON credit_platform_auditevent;
DROP FUNCTION IF EXISTS credit_audit_append_only();
"""


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("credit_platform", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_roles, delete_roles),
        migrations.RunSQL(TRIGGER, DROP_TRIGGER),
    ]
