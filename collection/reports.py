"""Downloads for the submitter: the error report (CSV/XLSX) and the failed rows to fix and resend.

Every cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR first) is
prefixed with a single quote, and XLSX cells are written as text, never as formulas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from catalogue.validation import compile_item
from collection import pipeline
from collection.models import RowError, Submission, SubmissionRow
from collection.selectors import submission_errors

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # so that Excel opens UTF-8 CSV with Chinese text correctly


def neutralise(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def xlsx_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            cell.data_type = "s"  # text, even if it still looked like a formula
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def error_rows(submission: Submission) -> Iterator[list[Any]]:
    labels = {f.name: f.label for f in submission.item.fields.all()}
    yield [_("Row"), _("Field"), _("Value"), _("Error"), _("Code")]
    for error in submission_errors(submission).iterator(chunk_size=2000):
        yield [
            error.row_number,
            labels.get(error.field, error.field),
            "***" if error.value is None and error.field in labels else error.value or "",
            error.message(),
            error.code,
        ]


def _messages_by_row(submission: Submission) -> dict[int, str]:
    messages: dict[int, list[str]] = {}
    labels = {f.name: f.label for f in submission.item.fields.all()}
    for error in RowError.objects.filter(submission=submission).order_by("row_number", "id"):
        label = labels.get(error.field, error.field)
        text = f"{label}: {error.message()}" if label else error.message()
        messages.setdefault(error.row_number, []).append(text)
    return {number: "; ".join(texts) for number, texts in messages.items()}


def failed_rows(submission: Submission) -> Iterator[list[Any]]:
    """The original columns of every refused row plus an error column."""
    messages = _messages_by_row(submission)
    if submission.file_format:
        table = pipeline.open_file_table(submission)
        try:
            headers = [h for h in table.headers if h.strip() != pipeline.ERROR_COLUMN]
            yield [*headers, pipeline.ERROR_COLUMN]
            for number, cells in table.rows:
                if number in messages:
                    yield [*cells[: len(headers)], messages[number]]
        finally:
            table.close()
        return
    validator = compile_item(submission.item)
    names = [f.name for f in validator.fields]
    yield [*names, pipeline.ERROR_COLUMN]
    rows = SubmissionRow.objects.filter(submission=submission, row_number__in=list(messages))
    for row in rows.order_by("row_number").iterator(chunk_size=2000):
        yield [*[row.data.get(name, "") for name in names], messages[row.row_number]]
