"""An approved version never changes: not through services, pages, Django admin, API or SQL."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from catalogue import services
from catalogue.models import CatalogueItem, CatalogueVersion, FieldSpec
from credit_platform.services import ServiceError
from tests.catalogue.conftest import penalty_item
from tests.catalogue.factories import FieldFactory, ItemFactory
from tests.conftest import Personas, client_for, make_user

pytestmark = pytest.mark.django_db


def _refused(statement: str, *params: int) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except IntegrityError:
        return True
    return False


# --- services -----------------------------------------------------------------------------


def test_services_refuse_to_add_an_item_to_an_approved_version(
    personas: Personas, approved: CatalogueVersion
) -> None:
    with pytest.raises(ServiceError):
        services.item_add(actor=personas.admin, version=approved, data={"code": "new"})


def test_services_refuse_to_change_a_field_of_a_published_version(
    personas: Personas, published: CatalogueVersion
) -> None:
    spec = penalty_item(published).fields.get(name="decision_number")
    with pytest.raises(ServiceError):
        services.field_change(actor=personas.admin, field=spec, data={"max_length": 10})


def test_services_refuse_to_rename_a_published_version(
    personas: Personas, published: CatalogueVersion
) -> None:
    with pytest.raises(ServiceError):
        services.version_change(actor=personas.admin, version=published, label="x", change_note="")


# --- database triggers --------------------------------------------------------------------


def test_orm_cannot_update_an_item_of_an_approved_version(approved: CatalogueVersion) -> None:
    item = penalty_item(approved)
    item.name_zh = "改名"
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_orm_cannot_add_an_item_to_a_published_version(published: CatalogueVersion) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemFactory.create(version=published)


def test_orm_cannot_delete_an_item_of_a_published_version(published: CatalogueVersion) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        penalty_item(published).delete()


def test_orm_cannot_move_an_item_into_a_published_version(
    published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    item = penalty_item(next_draft)
    item.version = published
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_sql_cannot_insert_a_field_into_a_published_version(published: CatalogueVersion) -> None:
    item = penalty_item(published)
    assert _refused(
        "INSERT INTO catalogue_fieldspec (item_id, name, label_zh, label_en, type, required,"
        ' pattern, choices, sensitive, help_zh, help_en, "order")'
        " VALUES (%s, 'x', 'x', 'x', 'string', false, '', '[]', false, '', '', 9)",
        item.pk,
    )


def test_sql_cannot_update_a_field_of_an_approved_version(approved: CatalogueVersion) -> None:
    assert _refused(
        "UPDATE catalogue_fieldspec SET required = false WHERE item_id = %s",
        penalty_item(approved).pk,
    )


def test_sql_cannot_delete_a_field_of_a_superseded_version(
    personas: Personas, published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    services.version_submit(actor=personas.admin, version=next_draft)
    services.version_approve(approver=personas.approver, version=next_draft)
    services.version_publish(
        actor=personas.admin, version=next_draft, effective_from=datetime.date(2026, 7, 1)
    )
    assert _refused(
        "DELETE FROM catalogue_fieldspec WHERE item_id = %s", penalty_item(published).pk
    )


def test_sql_cannot_change_providing_agencies_of_a_published_version(
    personas: Personas, published: CatalogueVersion
) -> None:
    item = penalty_item(published)
    with pytest.raises(IntegrityError), transaction.atomic():
        item.providing_agencies.add(personas.agency_b)
    with pytest.raises(IntegrityError), transaction.atomic():
        item.providing_agencies.clear()


def test_sql_cannot_change_the_change_note_of_an_approved_version(
    approved: CatalogueVersion,
) -> None:
    assert _refused(
        "UPDATE catalogue_catalogueversion SET change_note = 'x' WHERE id = %s", approved.pk
    )


def test_sql_cannot_change_the_approver_of_an_approved_version(
    personas: Personas, approved: CatalogueVersion
) -> None:
    other = make_user("approver-2")
    assert _refused(
        "UPDATE catalogue_catalogueversion SET approver_id = %s WHERE id = %s",
        other.pk,
        approved.pk,
    )


def test_sql_cannot_move_a_published_version_back_to_draft(published: CatalogueVersion) -> None:
    assert _refused(
        "UPDATE catalogue_catalogueversion SET status = 'draft' WHERE id = %s", published.pk
    )


def test_sql_cannot_skip_approval(submitted: CatalogueVersion) -> None:
    assert _refused(
        "UPDATE catalogue_catalogueversion SET status = 'published' WHERE id = %s", submitted.pk
    )


def test_sql_cannot_delete_a_published_version(published: CatalogueVersion) -> None:
    assert _refused("DELETE FROM catalogue_catalogueversion WHERE id = %s", published.pk)


def test_the_database_refuses_an_approver_who_is_the_author(
    personas: Personas, submitted: CatalogueVersion
) -> None:
    assert _refused(
        "UPDATE catalogue_catalogueversion SET status = 'approved', approver_id = author_id"
        " WHERE id = %s",
        submitted.pk,
    )


def test_a_draft_stays_freely_editable(draft: CatalogueVersion) -> None:
    spec = FieldFactory.create(item=penalty_item(draft))
    spec.label_zh = "改"
    spec.save()
    spec.delete()
    draft.change_note = "changed"
    draft.save()
    assert CatalogueVersion.objects.get(pk=draft.pk).change_note == "changed"


# --- pages --------------------------------------------------------------------------------


def test_editor_page_refuses_to_change_a_published_item(
    personas: Personas, published: CatalogueVersion
) -> None:
    item = penalty_item(published)
    url = f"/manage/catalogue/{published.label}/items/{item.code}/"
    data = {
        "code": item.code,
        "name_zh": "改名",
        "category": item.category,
        "subject_kinds": item.subject_kinds,
        "disclosure_level": item.disclosure_level,
        "disclosure_class": item.disclosure_class,
        "update_frequency": item.update_frequency,
        "key_field": item.key_field,
        "cross_rules": "[]",
    }
    response = client_for(personas.admin).post(url, data)
    assert response.status_code == 200
    assert CatalogueItem.objects.get(pk=item.pk).name_zh == item.name_zh


def test_field_remove_page_refuses_a_published_field(
    personas: Personas, published: CatalogueVersion
) -> None:
    item = f"/manage/catalogue/{published.label}/items/administrative-penalty/"
    url = item + "fields/decision_number/remove/"
    client_for(personas.admin).post(url)
    assert FieldSpec.objects.filter(item__version=published, name="decision_number").exists()


def test_item_new_page_refuses_an_approved_version(
    personas: Personas, approved: CatalogueVersion
) -> None:
    url = f"/manage/catalogue/{approved.label}/items/new/"
    data = {
        "code": "new-item",
        "name_zh": "新",
        "category": "tax",
        "subject_kinds": ["legal_person"],
        "disclosure_level": "public",
        "disclosure_class": "none",
        "update_frequency": "daily",
        "key_field": "k",
        "cross_rules": "[]",
    }
    client_for(personas.admin).post(url, data)
    assert approved.items.count() == 1


# --- Django admin -------------------------------------------------------------------------


@pytest.fixture
def superuser_client(personas: Personas) -> Client:
    personas.admin.is_superuser = True
    personas.admin.save(update_fields=["is_superuser"])
    return client_for(personas.admin)


def test_django_admin_cannot_change_a_published_item(
    superuser_client: Client, published: CatalogueVersion
) -> None:
    item = penalty_item(published)
    url = f"/django-admin/catalogue/catalogueitem/{item.pk}/change/"
    response = superuser_client.post(url, {"name_zh": "改名"})
    assert response.status_code == 403
    assert CatalogueItem.objects.get(pk=item.pk).name_zh == item.name_zh


def test_django_admin_cannot_delete_a_published_field(
    superuser_client: Client, published: CatalogueVersion
) -> None:
    spec = penalty_item(published).fields.first()
    assert spec is not None
    url = f"/django-admin/catalogue/fieldspec/{spec.pk}/delete/"
    response = superuser_client.post(url, {"post": "yes"})
    assert response.status_code == 403
    assert FieldSpec.objects.filter(pk=spec.pk).exists()


def test_django_admin_cannot_change_an_approved_version(
    superuser_client: Client, approved: CatalogueVersion
) -> None:
    url = f"/django-admin/catalogue/catalogueversion/{approved.pk}/change/"
    response = superuser_client.post(url, {"label": "x", "change_note": "x"})
    assert response.status_code == 403


def test_django_admin_offers_only_drafts_for_new_items(
    superuser_client: Client, published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    page = superuser_client.get("/django-admin/catalogue/catalogueitem/add/").content.decode()
    assert f'value="{next_draft.pk}"' in page
    assert f'value="{published.pk}"' not in page


def test_django_admin_edits_a_draft_item(superuser_client: Client, draft: CatalogueVersion) -> None:
    item = penalty_item(draft)
    url = f"/django-admin/catalogue/catalogueitem/{item.pk}/change/"
    assert superuser_client.get(url).status_code == 200


# --- API ----------------------------------------------------------------------------------


def test_the_api_refuses_writes(personas: Personas, published: CatalogueVersion) -> None:
    client = client_for(personas.admin)
    for url in ("/api/v1/catalogue/", "/api/v1/catalogue/items/administrative-penalty/"):
        assert client.post(url, {}, content_type="application/json").status_code == 405
        assert client.delete(url).status_code == 405
    assert penalty_item(published).fields.count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_trigger_migration_is_reversible() -> None:
    from django.core.management import call_command

    def triggers() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'catalogue_%%'")
            return int(cursor.fetchone()[0])

    # Back to the migration before the triggers only: going further back would also
    # unapply the other apps' migrations that depend on the catalogue's tables.
    try:
        call_command("migrate", "catalogue", "0003", verbosity=0)
        assert triggers() == 0
    finally:
        call_command("migrate", verbosity=0)
    assert triggers() == 4
