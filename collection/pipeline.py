"""The validation pipeline behind ``submission_process``.

Two passes, each in chunks with one transaction per chunk:

1. validate every row with the item's compiled validator; COPY the valid rows (with their
   resolved subject) into the unlogged staging table and the errors into RowError;
2. if the acceptance policy allows, merge the staged rows into CreditRecord with one
   ``INSERT ... ON CONFLICT ... DO UPDATE ... WHERE payload differs`` per chunk, writing
   the previous versions to the history and every change to the change feed in the
   same statement; the worker runs the chunks on several connections at once (a key
   appears once per submission, so no two chunks touch the same record).

A re-run deletes the submission's staged rows and errors and starts again; the merge is
idempotent because of the unique source key and the "payload differs" condition.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from catalogue import policy
from catalogue.models import CatalogueItem
from catalogue.validation import CompiledValidator, FieldError, compile_item
from collection.models import RowError, StagedRow, Submission, SubmissionRow
from collection.parsing import FileProblem, Table, open_table
from collection.subjects import SubjectCache, SubjectKey, SubjectProblem, wanted_subject

ERROR_COLUMN = "错误说明 Errors"
# Advisory-lock namespace: session locks keyed by the negated submission id.
_LOCK_SIGN = -1


class Refused(Exception):
    """The submission as a whole is refused; the message is shown to the submitter."""


@contextmanager
def submission_lock(submission_id: int) -> Iterator[bool]:
    """A session advisory lock: one worker per submission; a killed worker's lock dies with it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_LOCK_SIGN * submission_id])
        locked = bool(cursor.fetchone()[0])
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_SIGN * submission_id])


# --- reading the stored rows -------------------------------------------------------------


def open_file_table(submission: Submission) -> Table:
    handle = submission.file.open("rb")
    try:
        _, table = open_table(handle.file, submission.file_name)
    except BaseException:
        handle.close()
        raise
    release = table.release

    def close_all() -> None:
        if release is not None:
            release()
        handle.close()

    table.release = close_all
    return table


def raw_rows(submission: Submission, validator: CompiledValidator) -> Iterator[tuple[int, dict]]:
    """(row number, {field: raw value}) of a submission, from its rows or its file."""
    if submission.file_format:
        table = open_file_table(submission)
        columns = validator.map_headers(table.headers).columns
        pairs = [(i, name) for i, name in enumerate(columns) if name]
        try:
            for number, cells in table.rows:
                if len(cells) >= len(columns):
                    yield number, {name: cells[i] for i, name in pairs}
                else:
                    yield number, {name: cells[i] for i, name in pairs if i < len(cells)}
        finally:
            table.close()
        return
    rows = SubmissionRow.objects.filter(submission=submission).order_by("row_number")
    for row in rows.values_list("row_number", "data").iterator(chunk_size=2000):
        yield row[0], row[1]


def count_rows(submission: Submission) -> int:
    """The rows to expect, for the progress bar; exact except for CSV, where it is an upper bound.

    A CSV's line count bounds its rows (a quoted cell may span lines) and costs one pass over
    bytes instead of a parse; the row limit itself is enforced while validating.
    """
    if not submission.file_format:
        return SubmissionRow.objects.filter(submission=submission).count()
    if submission.file_format == "csv":
        lines = 0
        with submission.file.open("rb") as handle:
            while block := handle.read(1 << 20):
                lines += block.count(b"\n")
        return max(lines, 1)
    count = 0
    try:
        table = open_file_table(submission)
        try:
            for _ in table.rows:
                count += 1
                _check_limit(count)
        finally:
            table.close()
    except FileProblem as problem:
        raise Refused(problem.bilingual()) from None
    return count


def _check_limit(count: int) -> None:
    limit = settings.SUBMISSION_MAX_FILE_ROWS
    if count > limit:
        raise Refused(f"文件超过{limit}行的上限 / the file has more than {limit} rows")


# --- pass 1: validate and stage --------------------------------------------------------------


@dataclass
class Validation:
    submission: Submission
    validator: CompiledValidator
    today: date
    subjects: SubjectCache = field(default_factory=SubjectCache)
    keys: dict[str, int] = field(default_factory=dict)
    valid: int = 0
    invalid: int = 0

    def run(self) -> None:
        chunk: list[tuple[int, dict]] = []
        size, is_file, seen = settings.SUBMISSION_CHUNK_ROWS, bool(self.submission.file_format), 0
        for row in raw_rows(self.submission, self.validator):
            chunk.append(row)
            if len(chunk) >= size:
                seen += len(chunk)
                if is_file:
                    _check_limit(seen)
                self.chunk(chunk)
                chunk = []
        if chunk:
            if is_file:
                _check_limit(seen + len(chunk))
            self.chunk(chunk)

    def chunk(self, rows: list[tuple[int, dict]]) -> None:
        staged: list[tuple[int, str, SubjectKey, dict[str, Any]]] = []
        errors: list[tuple[int, FieldError]] = []
        wanted = []
        for number, raw in rows:
            problems, key, subject = self.check(number, raw)
            if problems:
                errors.extend((number, problem) for problem in problems)
                self.invalid += 1
                continue
            assert subject is not None
            wanted.append(subject)
            staged.append((number, key, subject.key, self._values))
        with transaction.atomic():
            ids = self.subjects.resolve(wanted)
            self.valid += len(staged)
            copy_staged(self.submission.pk, [(n, k, ids[s], v) for n, k, s, v in staged])
            copy_errors(self.submission.pk, errors)
            done = self.valid + self.invalid
            Submission.objects.filter(pk=self.submission.pk).update(
                processed_rows=done,
                total_rows=Greatest("total_rows", Value(done)),
                valid_rows=self.valid,
                invalid_rows=self.invalid,
                heartbeat_at=timezone.now(),
            )

    def check(self, number: int, raw: dict) -> tuple[list[FieldError], str, Any]:
        result = self.validator(raw, today=self.today)
        self._values = result.values
        if not result.ok:
            return result.errors, "", None
        key = str(result.values.get(self.validator.key_field) or "")
        if not key:
            return (
                [FieldError(self.validator.key_field, "required", "必填项不能为空", "required")],
                "",
                None,
            )
        first = self.keys.setdefault(key, number)
        if first != number:
            return [_duplicate(self.validator.key_field, key, first)], "", None
        try:
            subject = wanted_subject(result.values)
        except SubjectProblem as problem:
            return [FieldError("", problem.code, problem.zh, problem.en)], "", None
        return [], key, subject


def _duplicate(field_name: str, key: str, first: int) -> FieldError:
    return FieldError(
        field_name,
        "duplicate_key",
        f"与第{first}行重复（同一编号只能报送一次）",
        f"the same key as row {first}; each record once per submission",
        key[:200],
    )


def copy_staged(submission_id: int, rows: list[tuple[int, str, int, dict[str, Any]]]) -> None:
    if not rows:
        return
    table = StagedRow._meta.db_table
    sql = (
        f"COPY {table} (submission_id, row_number, source_key, subject_id, payload, "
        "decision_date) FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for number, key, subject_id, values in rows:
            decided = values.get("decision_date")
            copy.write_row(
                (
                    submission_id,
                    number,
                    key,
                    subject_id,
                    json.dumps(values, ensure_ascii=False, separators=(",", ":")),
                    decided if isinstance(decided, str) else None,
                )
            )


def copy_errors(submission_id: int, errors: list[tuple[int, FieldError]]) -> None:
    if not errors:
        return
    table = RowError._meta.db_table
    sql = (
        f"COPY {table} (submission_id, row_number, field, code, message_zh, message_en, value) "
        "FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for number, error in errors:
            copy.write_row(
                (
                    submission_id,
                    number,
                    error.field[:60],
                    error.code[:40],
                    error.zh[:500],
                    error.en[:500],
                    None if error.value is None else str(error.value)[:200],
                )
            )


# --- the decision between the passes --------------------------------------------------------


def refusal(submission: Submission, valid: int, invalid: int) -> str | None:
    """Why the whole submission is refused, or None when the valid rows go in."""
    if valid == 0:
        return "没有有效的记录 / no valid rows"
    if invalid and submission.policy == Submission.Policy.ALL_OR_NOTHING:
        return (
            f"{invalid}行有错误，按“全部或全不”规则未接收任何记录 / "
            f"{invalid} rows have errors; all or nothing: no record was accepted"
        )
    share = invalid / (valid + invalid)
    limit = settings.SUBMISSION_MAX_INVALID_SHARE
    if submission.file_format and share > limit:
        return (
            f"错误行占{share:.0%}，超过{limit:.0%}的上限，整个文件未接收 / "
            f"{share:.0%} of the rows have errors, more than {limit:.0%}: the file is rejected"
        )
    return None


# --- pass 2: merge -------------------------------------------------------------------------

MERGE_SQL = """
WITH s AS (
    SELECT DISTINCT ON (source_key) * FROM collection_stagedrow
    WHERE submission_id = %(sid)s AND row_number > %(lo)s AND row_number <= %(hi)s
    ORDER BY source_key, row_number DESC
),
old AS (
    -- The statement's snapshot: the versions before this statement's update. (FOR UPDATE
    -- here would skip the rows that ``up`` changes in the same command.)
    SELECT r.id, r.payload, r.status
    FROM collection_creditrecord r JOIN s ON r.source_key = s.source_key
    WHERE r.agency_id = %(agency)s AND r.item_code = %(code)s
),
up AS (
    INSERT INTO collection_creditrecord AS r (
        subject_id, item_id, item_code, agency_id, source_key, payload, decision_date,
        published_on, display_until, disclosure_class, status, under_objection, revision,
        revoked_reason, last_submission_id, created_at, updated_at)
    SELECT s.subject_id, %(item)s, %(code)s, %(agency)s, s.source_key, s.payload,
        s.decision_date, %(today)s,
        CASE WHEN %(months)s::int IS NULL THEN NULL
             ELSE (COALESCE(CASE WHEN %(from_decision)s THEN s.decision_date END, %(today)s)
                   + make_interval(months => %(months)s::int))::date END,
        %(class)s, 'active', false, 1, '', %(sid)s, now(), now()
    FROM s ORDER BY s.source_key
    ON CONFLICT (agency_id, item_code, source_key) DO UPDATE SET
        payload = EXCLUDED.payload, subject_id = EXCLUDED.subject_id,
        item_id = EXCLUDED.item_id, decision_date = EXCLUDED.decision_date,
        display_until = CASE WHEN %(from_decision)s THEN EXCLUDED.display_until
                             ELSE r.display_until END,
        revision = r.revision + 1, last_submission_id = EXCLUDED.last_submission_id,
        updated_at = now()
    WHERE r.payload IS DISTINCT FROM EXCLUDED.payload OR r.subject_id <> EXCLUDED.subject_id
    RETURNING r.id, r.revision, (r.xmax = 0) AS inserted
),
hist AS (
    INSERT INTO collection_creditrecordrevision
        (record_id, revision, payload, status, reason, submission_id, changed_by_id, changed_at)
    SELECT old.id, up.revision - 1, old.payload, old.status, '', %(sid)s, %(actor)s, now()
    FROM old JOIN up ON up.id = old.id AND NOT up.inserted
    ON CONFLICT (record_id, revision) DO NOTHING
)
INSERT INTO collection_recordchange (xid, record_id, kind, revision, at)
SELECT pg_current_xact_id()::text::bigint, up.id,
    CASE WHEN up.inserted THEN 'insert' ELSE 'update' END, up.revision, now()
FROM up
"""


def display_months(item: CatalogueItem, disclosure_class: str) -> int | None:
    """The disclosure window: the item's own period, else its class maximum from the policy."""
    if item.disclosure_months:
        return int(item.disclosure_months)
    if disclosure_class == CatalogueItem.DisclosureClass.NONE:
        return None
    return policy.value(f"{disclosure_class}_max_months")


Chunk = tuple[int, int, int]  # after row, up to row, rows


def merge(submission: Submission, today: date) -> None:
    """Upsert the staged rows into the records, one transaction per chunk.

    The merge is PostgreSQL's work and one connection keeps one core busy, so the worker
    merges on ``MERGE_CONNECTIONS`` connections at once. The chunks never share a record:
    validation refuses a key seen earlier in the submission, so each staged key is unique.
    Inside a caller's transaction (the demo loader, tests) it merges on its own connection:
    no other one could see the staged rows yet.
    """
    item = submission.item
    params: dict[str, Any] = {
        "sid": submission.pk,
        "agency": submission.agency_id,
        "item": item.pk,
        "code": item.code,
        "today": today,
        "months": display_months(item, item.disclosure_class),
        "from_decision": bool(policy.value("disclosure_from_decision_date")),
        "class": item.disclosure_class,
        "actor": submission.submitter_id,
    }
    chunks = list(_chunks(submission.pk))
    workers = 1 if connection.in_atomic_block else max(1, settings.MERGE_CONNECTIONS)
    if workers == 1:
        for low, high, count in chunks:
            _merge_chunk(params, low, high, count)
        return
    _in_parallel(workers, chunks, lambda chunk: _merge_chunk(params, *chunk))


def _chunks(submission_id: int) -> Iterator[Chunk]:
    """(after row, up to row, rows) of each chunk of the staged rows, in row order."""
    low = 0
    while True:
        high, count = _next_chunk(submission_id, low)
        if high is None:
            return
        yield low, high, count
        low = high


def _merge_chunk(params: dict[str, Any], low: int, high: int, count: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(MERGE_SQL, {**params, "lo": low, "hi": high})
        Submission.objects.filter(pk=params["sid"]).update(
            merged_rows=F("merged_rows") + count, heartbeat_at=timezone.now()
        )


def _in_parallel(workers: int, chunks: list[Chunk], work: Callable[[Chunk], None]) -> None:
    """Run ``work`` on each chunk from ``workers`` threads, each with its own connection.

    The first failure stops the others after their current chunk and is raised here; the
    chunks already committed stay, and a re-run of the submission converges.
    """
    pending: queue.SimpleQueue[Chunk] = queue.SimpleQueue()
    for chunk in chunks:
        pending.put(chunk)
    failures: list[BaseException] = []

    def run() -> None:
        try:
            while not failures:
                try:
                    chunk = pending.get_nowait()
                except queue.Empty:
                    return
                work(chunk)
        except BaseException as exc:  # handed to the calling thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, name=f"merge-{n}") for n in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except BaseException as exc:  # the task's soft time limit, say: stop the threads too
        failures.append(exc)
        for thread in threads:
            thread.join()
        raise
    if failures:
        raise failures[0]


def _next_chunk(submission_id: int, low: int) -> tuple[int | None, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(row_number), count(*) FROM (SELECT row_number FROM collection_stagedrow"
            " WHERE submission_id = %s AND row_number > %s ORDER BY row_number LIMIT %s) c",
            [submission_id, low, settings.SUBMISSION_CHUNK_ROWS],
        )
        high, count = cursor.fetchone()
    return high, int(count)


def validate_rows(submission: Submission, today: date) -> Validation:
    validator = compile_item(submission.item)
    validation = Validation(submission, validator, today)
    try:
        validation.run()
    except FileProblem as problem:
        raise Refused(problem.bilingual()) from None
    return validation
