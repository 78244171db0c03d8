"""Triggers: a signed commitment's text and a signed template version never change."""

from django.db import migrations

TRIGGERS = """
CREATE FUNCTION commitments_signed_text_immutable() RETURNS trigger AS $$
BEGIN
    IF (NEW.title_zh, NEW.title_en, NEW.notice_zh, NEW.notice_en, NEW.text_zh, NEW.text_en,
        NEW.content_hash, NEW.signed_at, NEW.subject_id, NEW.signer_id, NEW.template_id,
        NEW.template_version, NEW.values::text, NEW.matter, NEW.kind, NEW.agency_id)
       IS DISTINCT FROM
       (OLD.title_zh, OLD.title_en, OLD.notice_zh, OLD.notice_en, OLD.text_zh, OLD.text_en,
        OLD.content_hash, OLD.signed_at, OLD.subject_id, OLD.signer_id, OLD.template_id,
        OLD.template_version, OLD.values::text, OLD.matter, OLD.kind, OLD.agency_id) THEN
        RAISE EXCEPTION 'a signed commitment keeps the text it was signed with';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER commitments_signed_text_immutable
    BEFORE UPDATE ON commitments_commitment
    FOR EACH ROW EXECUTE FUNCTION commitments_signed_text_immutable();

CREATE FUNCTION commitments_template_version_immutable() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM commitments_commitment WHERE template_id = OLD.id)
       AND (to_jsonb(NEW) - 'active') IS DISTINCT FROM (to_jsonb(OLD) - 'active') THEN
        RAISE EXCEPTION 'a signed template version is never edited; make a new version';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER commitments_template_version_immutable
    BEFORE UPDATE ON commitments_commitmenttemplate
    FOR EACH ROW EXECUTE FUNCTION commitments_template_version_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS commitments_signed_text_immutable ON commitments_commitment;
DROP FUNCTION IF EXISTS commitments_signed_text_immutable();
DROP TRIGGER IF EXISTS commitments_template_version_immutable ON commitments_commitmenttemplate;
DROP FUNCTION IF EXISTS commitments_template_version_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("commitments", "0001_initial")]

    operations = [migrations.RunSQL(TRIGGERS, DROP)]
