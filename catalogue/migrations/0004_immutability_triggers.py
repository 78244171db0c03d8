"""The per-item submit permission, and triggers that keep approved versions unchangeable.

Article 11: a catalogue takes effect once approved and announced. Whatever path a write
takes (services, admin, raw SQL), the database refuses to change an approved, published or
superseded version's items, fields or providing agencies, and lets a version's status move
only forward along the workflow.
"""

from django.db import migrations

TRIGGERS = """
CREATE FUNCTION catalogue_version_is_draft(version bigint) RETURNS boolean AS $$
    SELECT status = 'draft' FROM catalogue_catalogueversion WHERE id = version;
$$ LANGUAGE sql STABLE;

CREATE FUNCTION catalogue_refuse_frozen(version bigint, op text) RETURNS void AS $$
BEGIN
    IF version IS NOT NULL AND NOT coalesce(catalogue_version_is_draft(version), true) THEN
        RAISE EXCEPTION 'catalogue version % is not a draft: % refused', version, op
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION catalogue_item_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM catalogue_refuse_frozen(OLD.version_id, TG_OP); END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM catalogue_refuse_frozen(NEW.version_id, TG_OP);
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION catalogue_item_child_frozen() RETURNS trigger AS $$
DECLARE
    item_column text := TG_ARGV[0];
    version bigint;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        EXECUTE format('SELECT version_id FROM catalogue_catalogueitem WHERE id = ($1).%I',
                       item_column) INTO version USING OLD;
        PERFORM catalogue_refuse_frozen(version, TG_OP);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE format('SELECT version_id FROM catalogue_catalogueitem WHERE id = ($1).%I',
                       item_column) INTO version USING NEW;
        PERFORM catalogue_refuse_frozen(version, TG_OP);
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION catalogue_version_workflow() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'catalogue version % is not a draft: DELETE refused', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> NEW.status AND (OLD.status, NEW.status) NOT IN (
        ('draft', 'submitted'), ('submitted', 'draft'), ('submitted', 'approved'),
        ('approved', 'published'), ('published', 'superseded')
    ) THEN
        RAISE EXCEPTION 'catalogue version %: % -> % is not a workflow step',
            OLD.id, OLD.status, NEW.status USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status <> 'draft' AND (
        NEW.label, NEW.change_note, NEW.based_on_id, NEW.author_id, NEW.created_at
    ) IS DISTINCT FROM (
        OLD.label, OLD.change_note, OLD.based_on_id, OLD.author_id, OLD.created_at
    ) THEN
        RAISE EXCEPTION 'catalogue version % is not a draft: its content cannot change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status IN ('approved', 'published', 'superseded') AND (
        NEW.approver_id, NEW.approved_at, NEW.submitted_at
    ) IS DISTINCT FROM (OLD.approver_id, OLD.approved_at, OLD.submitted_at) THEN
        RAISE EXCEPTION 'catalogue version % is approved: its approval cannot change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status IN ('published', 'superseded') AND (NEW.effective_from, NEW.published_at)
        IS DISTINCT FROM (OLD.effective_from, OLD.published_at) THEN
        RAISE EXCEPTION 'catalogue version % is published: its publication cannot change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status = 'superseded' AND NEW.superseded_at IS DISTINCT FROM OLD.superseded_at THEN
        RAISE EXCEPTION 'catalogue version % is superseded: it cannot change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalogue_item_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON catalogue_catalogueitem
    FOR EACH ROW EXECUTE FUNCTION catalogue_item_frozen();
CREATE TRIGGER catalogue_fieldspec_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON catalogue_fieldspec
    FOR EACH ROW EXECUTE FUNCTION catalogue_item_child_frozen('item_id');
CREATE TRIGGER catalogue_item_agencies_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON catalogue_catalogueitem_providing_agencies
    FOR EACH ROW EXECUTE FUNCTION catalogue_item_child_frozen('catalogueitem_id');
CREATE TRIGGER catalogue_version_workflow
    BEFORE UPDATE OR DELETE ON catalogue_catalogueversion
    FOR EACH ROW EXECUTE FUNCTION catalogue_version_workflow();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS catalogue_version_workflow ON catalogue_catalogueversion;
DROP TRIGGER IF EXISTS catalogue_item_agencies_frozen ON catalogue_catalogueitem_providing_agencies;
DROP TRIGGER IF EXISTS catalogue_fieldspec_frozen ON catalogue_fieldspec;
DROP TRIGGER IF EXISTS catalogue_item_frozen ON catalogue_catalogueitem;
DROP FUNCTION IF EXISTS catalogue_version_workflow();
DROP FUNCTION IF EXISTS catalogue_item_child_frozen();
DROP FUNCTION IF EXISTS catalogue_item_frozen();
DROP FUNCTION IF EXISTS catalogue_refuse_frozen(bigint, text);
DROP FUNCTION IF EXISTS catalogue_version_is_draft(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_item_submit_permission")]

    operations = [
        migrations.AlterModelOptions(
            name="catalogueitem",
            options={
                "ordering": ["order", "code"],
                "permissions": [
                    ("submit_records", "Can submit records for this catalogue item")
                ],
                "verbose_name": "catalogue item",
                "verbose_name_plural": "catalogue items",
            },
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
