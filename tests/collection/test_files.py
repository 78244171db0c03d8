"""Files: encodings, separators and XLSX are read; bad files get a clear error, never a 500."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import openpyxl
import pytest
from django.test import override_settings
from django.utils import translation

from catalogue.models import CatalogueItem
from collection.models import CreditRecord, RowError, Submission
from credit_platform.services import ServiceError
from tests.collection.factories import HEADERS_ZH, PENALTY_FIELDS, penalty_csv, penalty_row
from tests.collection.helpers import submit_file
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def penalty_xlsx(rows: list[dict[str, object]], headers: list[str] | None = None) -> bytes:
    names = [name for name, *_ in PENALTY_FIELDS]
    header: list[object] = [*(headers or HEADERS_ZH)]
    return xlsx([header, *[[row.get(n, "") for n in names] for row in rows]])


@pytest.mark.parametrize(
    ("encoding", "sep"),
    [("utf-8", ","), ("utf-8-sig", ","), ("gbk", ","), ("gb18030", "\t"), ("utf-8", "\t")],
)
def test_csv_in_each_encoding_and_separator_is_read(
    personas: Personas, penalty: CatalogueItem, encoding: str, sep: str
) -> None:
    rows = [penalty_row(n) for n in range(3)]
    submission = submit_file(
        personas.submitter_a, penalty, penalty_csv(rows, encoding=encoding, sep=sep)
    )
    assert submission.status == Submission.Status.ACCEPTED, submission.failure_reason
    names = set(CreditRecord.objects.values_list("subject__name", flat=True))
    assert names == {row["subject_name"] for row in rows}


def test_xlsx_with_english_labels_and_typed_cells_is_read(
    personas: Personas, penalty: CatalogueItem
) -> None:
    import datetime as dt

    rows = [penalty_row(1, decision_date=dt.date(2026, 1, 2), fine_amount=1.5)]
    headers = [en for _, _, _, en, _ in PENALTY_FIELDS]
    submission = submit_file(personas.submitter_a, penalty, penalty_xlsx(rows, headers), "p.xlsx")
    assert submission.status == Submission.Status.ACCEPTED, submission.failure_reason
    record = CreditRecord.objects.get()
    assert record.payload["decision_date"] == "2026-01-02"
    assert record.payload["fine_amount"] == "1.5"


def test_row_numbers_are_those_of_the_spreadsheet(
    personas: Personas, penalty: CatalogueItem
) -> None:
    rows = [penalty_row(1), penalty_row(2), penalty_row(3, decision_date="2026/02/30")]
    submission = submit_file(personas.submitter_a, penalty, penalty_csv(rows))
    assert list(
        RowError.objects.filter(submission=submission).values_list("row_number", flat=True)
    ) == [4]


def refused(personas: Personas, item: CatalogueItem, content: bytes, name: str = "f.csv") -> str:
    with pytest.raises(ServiceError) as caught:
        submit_file(personas.submitter_a, item, content, name)
    assert not Submission.objects.exists()
    return str(caught.value)


def test_an_empty_file_is_refused(personas: Personas, penalty: CatalogueItem) -> None:
    assert "empty" in refused(personas, penalty, b"")


def test_a_header_only_file_is_refused(personas: Personas, penalty: CatalogueItem) -> None:
    assert "no records" in refused(personas, penalty, penalty_csv([]))


def test_wrong_columns_are_named(personas: Personas, penalty: CatalogueItem) -> None:
    message = refused(personas, penalty, "名称,金额,颜色\n甲,1,红\n".encode())
    assert "none of them is a field" in message
    message = refused(
        personas, penalty, penalty_csv([penalty_row(1)]).replace("违法事实".encode(), b"colour")
    )
    assert "unknown columns: colour" in message


def test_missing_required_columns_are_named(personas: Personas, penalty: CatalogueItem) -> None:
    content = "行政相对人名称,行政处罚决定书文号\n甲公司,1\n".encode()
    assert "missing required columns" in refused(personas, penalty, content)


def test_binary_junk_is_refused(personas: Personas, penalty: CatalogueItem) -> None:
    junk = bytes(range(256)) * 40
    assert "binary" in refused(personas, penalty, junk, "junk.csv")


def test_a_zero_byte_xlsx_is_refused(personas: Personas, penalty: CatalogueItem) -> None:
    assert "empty" in refused(personas, penalty, b"", "empty.xlsx")


def test_a_truncated_xlsx_is_refused(personas: Personas, penalty: CatalogueItem) -> None:
    content = penalty_xlsx([penalty_row(1)])
    assert "damaged" in refused(personas, penalty, content[: len(content) // 2], "cut.xlsx")


def test_a_text_file_named_xlsx_is_refused(personas: Personas, penalty: CatalogueItem) -> None:
    assert "not an Excel" in refused(personas, penalty, penalty_csv([penalty_row(1)]), "x.xlsx")


def zip_bomb_xlsx() -> bytes:
    """A valid workbook whose sheet is replaced by one expanding to a gigabyte (4 MB zipped)."""
    source = zipfile.ZipFile(io.BytesIO(penalty_xlsx([penalty_row(1)])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(member, source.read(member))
                continue
            with bomb.open(member.filename, "w", force_zip64=True) as sheet:
                block = b" " * (8 << 20)
                for _ in range(128):
                    sheet.write(block)
    return out.getvalue()


def test_an_xlsx_expanding_to_a_gigabyte_is_refused_unopened(
    personas: Personas, penalty: CatalogueItem
) -> None:
    bomb = zip_bomb_xlsx()
    assert len(bomb) < 10 << 20
    assert "expands to more than" in refused(personas, penalty, bomb, "bomb.xlsx")


@override_settings(SUBMISSION_MAX_FILE_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused(personas: Personas, penalty: CatalogueItem) -> None:
    content = penalty_csv([penalty_row(n) for n in range(20)])
    assert "larger than" in refused(personas, penalty, content)


@override_settings(SUBMISSION_MAX_FILE_ROWS=5)
def test_a_file_over_the_row_limit_is_rejected(personas: Personas, penalty: CatalogueItem) -> None:
    submission = submit_file(
        personas.submitter_a, penalty, penalty_csv([penalty_row(n) for n in range(6)])
    )
    assert submission.status == Submission.Status.REJECTED
    assert "more than 5 rows" in submission.failure_reason
    assert not CreditRecord.objects.exists()


def test_text_in_no_known_encoding_is_refused(personas: Personas, penalty: CatalogueItem) -> None:
    content = penalty_csv([penalty_row(1)]) + b"\x80\x20\xff,broken\r\n"
    assert "neither UTF-8 nor GBK" in refused(personas, penalty, content)


def test_a_file_that_turns_undecodable_midway_is_rejected_with_the_row(
    personas: Personas, penalty: CatalogueItem
) -> None:
    good = penalty_csv([penalty_row(n) for n in range(600)])
    assert len(good) > 64 * 1024  # past the sample the encoding is detected from
    submission = submit_file(personas.submitter_a, penalty, good + b"\xff\xfe,broken\r\n")
    assert submission.status == Submission.Status.REJECTED
    assert "第602行" in submission.failure_reason  # stored in both languages
    assert "Row 602 is not valid utf-8" in submission.failure_reason
    assert not CreditRecord.objects.exists()


def test_formula_like_cells_are_kept_as_text(personas: Personas, penalty: CatalogueItem) -> None:
    rows = [penalty_row(1, facts='=HYPERLINK("http://x")'), penalty_row(2, fine_amount="=1+1")]
    submission = submit_file(personas.submitter_a, penalty, penalty_csv(rows))
    assert CreditRecord.objects.get().payload["facts"] == '=HYPERLINK("http://x")'
    assert RowError.objects.get(submission=submission).value == "=1+1"
