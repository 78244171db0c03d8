"""A filled CSV or XLSX template of an item goes through the validator without an error."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client

from bench.rows import rows_for
from catalogue.models import CatalogueItem
from catalogue.validation import compile_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def penalty() -> CatalogueItem:
    call_command("load_demo", verbosity=0)
    return CatalogueItem.objects.get(version__status="published", key_field="decision_number")


def test_filled_csv_template_round_trips(client: Client, penalty: CatalogueItem) -> None:
    body = client.get(f"/catalogue/items/{penalty.code}/template.csv").content
    header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    validate = compile_item(penalty)
    mapping = validate.map_headers(header)
    assert mapping.ok, mapping
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    rows = list(rows_for(penalty, 50))
    writer.writerows([[row.get(name or "", "") for name in mapping.columns] for row in rows])
    read = csv.reader(io.StringIO(out.getvalue()))
    next(read)
    results = [
        validate({str(k): v for k, v in zip(mapping.columns, line, strict=True)}) for line in read
    ]
    assert [r.errors for r in results if not r.ok] == []
    assert [r.values[penalty.key_field] for r in results] == [r[penalty.key_field] for r in rows]


def test_filled_xlsx_template_round_trips(client: Client, penalty: CatalogueItem) -> None:
    body = client.get(f"/catalogue/items/{penalty.code}/template.xlsx").content
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    validate = compile_item(penalty)
    mapping = validate.map_headers(header)
    assert mapping.ok, mapping
    for row in rows_for(penalty, 50):
        sheet.append([row.get(name or "") for name in mapping.columns])
    saved = io.BytesIO()
    book.save(saved)
    reread = openpyxl.load_workbook(io.BytesIO(saved.getvalue()), read_only=True).worksheets[0]
    lines = list(reread.iter_rows(min_row=2, values_only=True))
    results = [
        validate({str(k): v for k, v in zip(mapping.columns, line, strict=True)}) for line in lines
    ]
    assert len(results) == 50
    assert [r.errors for r in results if not r.ok] == []
