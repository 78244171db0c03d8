"""Public catalogue pages and per-item downloads, in Chinese and English."""

from __future__ import annotations

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.test import Client
from jsonschema import Draft202012Validator

from catalogue import services
from catalogue.models import CatalogueVersion
from tests.catalogue.conftest import penalty_item
from tests.conftest import Personas

pytestmark = pytest.mark.django_db
ITEM = "/catalogue/items/administrative-penalty/"


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def test_catalogue_page_groups_items_by_category(
    client: Client, published: CatalogueVersion
) -> None:
    page = client.get("/catalogue/").content.decode()
    assert "行政处罚信息" in page
    assert "行政处罚" in page and "2026.1" in page


def test_catalogue_page_in_english(published: CatalogueVersion) -> None:
    page = english().get("/catalogue/").content.decode()
    assert "Administrative penalty" in page
    assert "Public credit information catalogue" in page


def test_catalogue_page_without_a_version_in_force(client: Client, draft: CatalogueVersion) -> None:
    page = client.get("/catalogue/").content.decode()
    assert "行政处罚信息" not in page


def test_item_page_shows_fields_and_the_class_maximum_period(
    client: Client, published: CatalogueVersion
) -> None:
    page = client.get(ITEM).content.decode()
    assert "decision_number" in page and "决定书文号" in page and "Decision number" in page
    assert "12" in page  # general class: general_max_months from the policy table


def test_item_page_shows_the_items_own_period(
    client: Client, personas: Personas, draft: CatalogueVersion
) -> None:
    services.item_change(
        actor=personas.admin, item=penalty_item(draft), data={"disclosure_months": 7}
    )
    services.version_submit(actor=personas.admin, version=draft)
    services.version_approve(approver=personas.approver, version=draft)
    services.version_publish(
        actor=personas.admin, version=draft, effective_from=datetime.date(2026, 1, 1)
    )
    assert "7 months" in english().get(ITEM).content.decode()


def test_item_page_of_a_draft_only_item_is_404(client: Client, draft: CatalogueVersion) -> None:
    assert client.get(ITEM).status_code == 404


def test_version_history_lists_published_versions_only(
    client: Client, published: CatalogueVersion, next_draft: CatalogueVersion
) -> None:
    page = client.get("/catalogue/versions/").content.decode()
    assert "2026.1" in page and "2026.2" not in page
    assert published.change_note in page


def test_a_draft_version_page_is_404(client: Client, next_draft: CatalogueVersion) -> None:
    assert client.get("/catalogue/versions/2026.2/").status_code == 404


def test_csv_template_starts_with_the_bom_and_chinese_labels(
    client: Client, published: CatalogueVersion
) -> None:
    response = client.get(ITEM + "template.csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["主体名称", "主体类别", "决定书文号"]]


def test_xlsx_template_opens_with_headers_and_field_descriptions(
    client: Client, published: CatalogueVersion
) -> None:
    content = client.get(ITEM + "template.xlsx").content
    book = openpyxl.load_workbook(io.BytesIO(content))
    header = [cell.value for cell in book.worksheets[0][1]]
    assert header == ["主体名称", "主体类别", "决定书文号"]
    descriptions = [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert descriptions == ["subject_name", "subject_kind", "decision_number"]


def test_json_schema_is_a_valid_2020_12_schema(client: Client, published: CatalogueVersion) -> None:
    schema = json.loads(client.get(ITEM + "schema.json").content)
    Draft202012Validator.check_schema(schema)
    assert schema["required"] == ["subject_name", "subject_kind", "decision_number"]
    assert schema["properties"]["subject_kind"]["enum"][0] == "legal_person"


def test_json_schema_accepts_a_good_record(client: Client, published: CatalogueVersion) -> None:
    schema = json.loads(client.get(ITEM + "schema.json").content)
    record = {
        "subject_name": "海南测试有限公司",
        "subject_kind": "legal_person",
        "decision_number": "琼市监罚〔2026〕1号",
    }
    assert list(Draft202012Validator(schema).iter_errors(record)) == []


def test_table_schema_has_fields_with_types(client: Client, published: CatalogueVersion) -> None:
    schema = json.loads(client.get(ITEM + "table-schema.json").content)
    assert [(f["name"], f["type"]) for f in schema["fields"]] == [
        ("subject_name", "string"),
        ("subject_kind", "string"),
        ("decision_number", "string"),
    ]
    assert schema["fields"][2]["constraints"] == {"required": True, "maxLength": 128}


def test_public_nav_links_the_catalogue(client: Client) -> None:
    assert 'href="/catalogue/"' in client.get("/").content.decode()
