"""An agency user uploads a GBK CSV with bad rows, fixes the failed rows and sends them again."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from catalogue.models import CatalogueItem
from catalogue.policy import ensure_seeded
from tests.collection.factories import penalty_csv, penalty_item, penalty_row
from tests.collection.worker import running_worker
from tests.conftest import Personas

pytestmark = pytest.mark.django_db(transaction=True)
BAD_DATE = "无效日期"


@pytest.fixture
def item(personas: Personas) -> CatalogueItem:
    ensure_seeded()
    return penalty_item(personas.agency_a)


def upload(page: Any, base: str, path: Path) -> None:
    page.goto(base + "/agency/submit/admin-penalty/upload/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/agency/submissions/*/")
    # htmx polls the progress fragment every second and reloads the page when it is done
    page.locator("#final-status").wait_for(timeout=60_000)


def test_upload_fix_failed_rows_and_resend(
    page: Any, live_server: Any, personas: Personas, item: CatalogueItem, tmp_path: Path
) -> None:
    rows = [
        penalty_row(n, decision_date=BAD_DATE) if n % 4 == 1 else penalty_row(n) for n in range(10)
    ]
    first = tmp_path / "处罚信息.csv"
    first.write_bytes(penalty_csv(rows, encoding="gbk"))
    base = live_server.url
    with running_worker():
        page.goto(base + "/accounts/login/")
        page.locator("#id_username").fill("submitter-a")
        page.locator("#id_password").fill("correct-horse-battery")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(base + "/")

        upload(page, base, first)
        assert page.locator("#invalid-rows").inner_text() == "3"
        assert page.locator("#valid-rows").inner_text() == "7"
        assert page.locator("progress").get_attribute("value") == "100"

        with page.expect_download() as caught:
            page.locator("#failed-rows").click()
        failed = Path(caught.value.path()).read_bytes().decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(failed)))
        header, body = table[0], table[1:]
        assert len(body) == 3 and header[-1] == "错误说明 Errors"
        date_column = header.index("处罚决定日期")
        for row in body:
            assert row[date_column] == BAD_DATE
            row[date_column] = "2026-01-15"
        fixed = tmp_path / "fixed.csv"
        out = io.StringIO()
        csv.writer(out).writerows([header, *body])
        fixed.write_bytes(out.getvalue().encode("gbk"))

        upload(page, base, fixed)
        assert page.locator("#final-status").get_attribute("class") == "badge ok"
        assert page.locator("#valid-rows").inner_text() == "3"

    page.goto(base + "/agency/records/")
    listed = page.locator("#records").inner_text()
    for sent in rows:
        assert str(sent["decision_number"]) in listed
