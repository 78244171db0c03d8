"""Read uploaded CSV and XLSX files as streams of rows, with clear errors for bad input.

CSV: UTF-8 (with or without BOM), else GB18030 (a superset of GBK); comma or tab.
XLSX: the first sheet, read-only; the zip is inspected before opening so a sheet that
expands to gigabytes is refused without being expanded.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

SAMPLE_BYTES = 64 * 1024
_UNDECODED = re.compile("[\udc80-\udcff]")
MAX_COLUMNS = 200
XLSX_MAGIC = b"PK\x03\x04"


class FileProblem(Exception):
    """The file cannot be read; the message says why, for the submitter, in either language."""

    def __init__(self, message: Any, **params: Any) -> None:
        super().__init__(message)
        self.template, self.params = message, params

    def __str__(self) -> str:
        return str(self.template) % self.params if self.params else str(self.template)

    def bilingual(self) -> str:
        """Chinese and English, for a reason stored on the submission (read in either language)."""
        texts = []
        for language in ("zh-hans", "en"):
            with translation.override(language):
                texts.append(str(self))
        return " / ".join(texts)


@dataclass
class Table:
    """An open file: its header and a generator of (row number, cells) from the first data row.

    Row numbers are those a spreadsheet shows: the header is row 1.
    """

    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    encoding: str = ""
    release: Callable[[], Any] | None = None

    def close(self) -> None:
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()
        if self.release is not None:
            self.release()
            self.release = None


def detect_format(name: str, head: bytes) -> str:
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise FileProblem(_("The file is named .xlsx but is not an Excel workbook."))
    if b"\x00" in head:
        raise FileProblem(_("The file is not a text (CSV) file: it contains binary data."))
    return "csv"


def detect_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(head, final=False)  # a character cut at the sample's end is fine
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileProblem(_("The file is neither UTF-8 nor GBK/GB18030 text; save it as UTF-8 CSV."))


def open_table(stream: IO[bytes], name: str) -> tuple[str, Table]:
    """Open a file for reading: its format ("csv" or "xlsx") and the table."""
    stream.seek(0)
    head = stream.read(SAMPLE_BYTES)
    stream.seek(0)
    if not head:
        raise FileProblem(_("The file is empty."))
    kind = detect_format(name, head)
    table = _open_xlsx(stream) if kind == "xlsx" else _open_csv(stream, head)
    return kind, table


def _open_csv(stream: IO[bytes], head: bytes) -> Table:
    encoding = detect_encoding(head)
    # Undecodable bytes become lone surrogates, so the row that holds them can be named.
    text = io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")
    first = head.split(b"\n", 1)[0].decode(encoding, errors="replace")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(text, delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise FileProblem(_("The file is empty.")) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise FileProblem(_("The header line cannot be read: %(error)s"), error=exc) from None
    if len(headers) > MAX_COLUMNS:
        raise FileProblem(_("The file has more than %(n)d columns."), n=MAX_COLUMNS)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        try:
            for cells in reader:
                number += 1
                if not any(cell.strip() for cell in cells):
                    continue
                if _UNDECODED.search("".join(cells)):
                    raise FileProblem(
                        _("Row %(row)d is not valid %(encoding)s text; save the file as UTF-8."),
                        row=number,
                        encoding=encoding,
                    )
                yield number, cells
        except csv.Error as exc:
            raise FileProblem(
                _("Row %(row)d cannot be read: %(error)s"), row=number + 1, error=exc
            ) from None

    # Detach on close: the caller owns the byte stream (an upload is saved after the check).
    return Table([h.replace("\ufeff", "") for h in headers], rows(), encoding, text.detach)


def _check_zip(stream: IO[bytes]) -> None:
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise FileProblem(_("The Excel file is damaged or incomplete.")) from None
    limit = settings.SUBMISSION_XLSX_MAX_UNCOMPRESSED_BYTES
    if sum(member.file_size for member in members) > limit:
        raise FileProblem(
            _("The Excel file expands to more than %(mb)d MB; split it or send CSV."),
            mb=limit // (1024 * 1024),
        )
    if not any(m.filename.startswith("xl/worksheets/") for m in members):
        raise FileProblem(_("The Excel file has no worksheet."))


def _open_xlsx(stream: IO[bytes]) -> Table:
    import openpyxl

    _check_zip(stream)
    stream.seek(0)
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        iterator = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header_cells = next(iterator, None)
    except Exception:  # openpyxl raises many kinds on damaged files; all mean the same here
        raise FileProblem(_("The Excel file is damaged or incomplete.")) from None
    if header_cells is None:
        raise FileProblem(_("The file is empty."))
    headers = ["" if cell is None else str(cell) for cell in header_cells]
    while headers and not headers[-1].strip():
        headers.pop()
    width = len(headers)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        try:
            for cells in iterator:
                number += 1
                values = ["" if cell is None else cell for cell in cells[:width]]
                if not any(str(value).strip() for value in values):
                    continue
                yield number, values
        except Exception:
            raise FileProblem(
                _("The Excel file is damaged at row %(row)d."), row=number + 1
            ) from None

    return Table(headers, rows(), "xlsx", book.close)
