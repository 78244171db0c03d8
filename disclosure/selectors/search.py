"""Public search: subjects by name fragment, former name or code prefix."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from credit_platform.identifiers import normalise
from credit_platform.models import Subject
from credit_platform.search import _RUN, fold, tsquery_literal
from disclosure.highlight import highlight, matched_positions

# --- Search ---------------------------------------------------------------------------------

SEARCH_MAX_QUERY = 100
CODE_MIN_PREFIX = 6
# Ranking looks at no more than this many matches of each kind. A broad fragment (有限, 科技)
# matches most of the table, and ranking or counting every match costs 0.25-1.3 s on 1M rows
# (DESIGN.md, Search); 500 is 25 pages of 20, more than anyone pages through.
SEARCH_CANDIDATES = 500

TIER_LABELS = {
    0: gettext_lazy("Exact code"),
    1: gettext_lazy("Exact name"),
    2: gettext_lazy("Name begins with the query"),
    3: "",
}


class SearchQueryError(ValueError):
    """A query the search refuses, with a message for the visitor."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    code: str | None  # the normalised code prefix when the query is a code
    tsquery: str | None
    terms: tuple[str, ...]  # what the highlighter marks


@dataclass(frozen=True)
class SearchHit:
    id: int
    name: str
    uscc: str
    kind: str
    kind_label: str
    tier: int
    name_html: SafeString
    uscc_html: SafeString
    former_names: tuple[str, ...]
    former_names_html: tuple[SafeString, ...]  # the former names that matched

    @property
    def tier_label(self) -> str:
        return str(TIER_LABELS[self.tier])


@dataclass(frozen=True)
class SearchPage:
    query: ParsedQuery
    hits: list[SearchHit]
    next_cursor: str | None


_CODE = re.compile(r"[0-9A-Z]{2,18}")


def _code_like(text: str) -> str | None:
    """The normalised code when the query looks like a code (letters and digits, 2+ digits)."""
    candidate = normalise(text)
    if re.search(r"\s", text) and len(candidate) != 18:
        return None  # "Hainan 2024" is words, not a code typed with spaces
    if _CODE.fullmatch(candidate) and sum(ch.isdigit() for ch in candidate) >= 2:
        return candidate
    return None


def search_parse(query: str) -> ParsedQuery:
    """Classify and check a query; raises SearchQueryError with a message for the visitor."""
    text = (query or "").strip()
    if not text:
        raise SearchQueryError("empty", _("Enter a name or a unified social credit code."))
    if len(text) > SEARCH_MAX_QUERY:
        raise SearchQueryError(
            "too_long", _("The query is too long (at most %d characters).") % SEARCH_MAX_QUERY
        )
    code = _code_like(text)
    if code is not None:
        if len(code) < CODE_MIN_PREFIX:
            raise SearchQueryError(
                "code_too_short",
                _("Enter at least %d characters of a unified social credit code.")
                % CODE_MIN_PREFIX,
            )
        return ParsedQuery(text=text, code=code, tsquery=None, terms=(code,))
    runs = [m.group(0) for m in _RUN.finditer(fold(text))]
    if not any(len(run) >= 2 for run in runs):
        raise SearchQueryError(
            "too_short",
            _("A single character matches too many names: enter at least two characters."),
        )
    return ParsedQuery(text=text, code=None, tsquery=tsquery_literal(text), terms=tuple(runs))


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


_NAME_SQL = """
WITH candidates AS (
    (SELECT id FROM credit_platform_subject
      WHERE search_vector @@ %(tsq)s::tsquery AND kind <> 'natural_person' LIMIT %(cap)s)
    UNION
    (SELECT id FROM credit_platform_subject
      WHERE name LIKE %(prefix)s AND kind <> 'natural_person' LIMIT %(cap)s)
), ranked AS (
    SELECT s.id, s.name, s.uscc, s.kind, s.former_names,
           CASE WHEN lower(s.name) = lower(%(name)s) THEN 1
                WHEN lower(s.name) LIKE lower(%(prefix)s) THEN 2 ELSE 3 END AS tier,
           ts_rank(s.search_vector, %(tsq)s::tsquery, 1)::float8 AS rank
      FROM credit_platform_subject s JOIN candidates c ON c.id = s.id
)
SELECT id, name, uscc, kind, former_names, tier, rank FROM ranked
 WHERE NOT %(paged)s OR (tier, -rank, id) > (%(a_tier)s, -%(a_rank)s::float8, %(a_id)s)
 ORDER BY tier, -rank, id
 LIMIT %(limit)s
"""

# Ordered by the pattern-ops operator so that the pattern-ops index on uscc yields the first
# candidates in order: ordering by the column's collation walked the whole unique index
# instead (240 ms for a common 8-character prefix on 200,000 subjects, 4 ms this way).
_CODE_SQL = """
WITH candidates AS (
    SELECT id, name, uscc, kind, former_names,
           CASE WHEN uscc = %(code)s THEN 0 ELSE 3 END AS tier, 0::float8 AS rank
      FROM credit_platform_subject
     WHERE uscc LIKE %(prefix)s AND kind <> 'natural_person'
     ORDER BY uscc USING ~<~ LIMIT %(cap)s
)
SELECT id, name, uscc, kind, former_names, tier, rank FROM candidates
 WHERE NOT %(paged)s OR (tier, -rank, id) > (%(a_tier)s, -%(a_rank)s::float8, %(a_id)s)
 ORDER BY tier, -rank, id
 LIMIT %(limit)s
"""


def _parse_cursor(after: str | None) -> tuple[int, float, int] | None:
    if not after:
        return None
    try:
        tier, rank, row_id = after.split("_")
        return int(tier), float(rank), int(row_id)
    except ValueError:
        raise SearchQueryError("bad_cursor", _("This results page is no longer valid.")) from None


def _hit(row: tuple[Any, ...], parsed: ParsedQuery) -> SearchHit:
    row_id, name, uscc, kind, former_names, tier, _rank = row
    code_terms = (parsed.code,) if parsed.code else ()
    name_terms = () if parsed.code else parsed.terms
    matched = tuple(
        highlight(former, name_terms)
        for former in former_names
        if name_terms and matched_positions(former, name_terms)
    )
    return SearchHit(
        id=row_id,
        name=name,
        uscc=uscc or "",
        kind=kind,
        kind_label=str(Subject.Kind(kind).label),
        tier=tier,
        name_html=highlight(name, name_terms),
        uscc_html=highlight(uscc or "", code_terms),
        former_names=tuple(former_names),
        former_names_html=matched,
    )


def subject_search(*, query: str, after: str | None = None, limit: int = 20) -> SearchPage:
    """Subjects matching a name fragment, former name or code (prefix); never natural persons.

    Order: exact code, exact name, name prefix, relevance, id. No count: one row more than
    the page says whether a next page exists; ``after`` is the keyset cursor of that page.
    """
    parsed = search_parse(query)
    cursor = _parse_cursor(after)
    params: dict[str, Any] = {
        "cap": SEARCH_CANDIDATES,
        "limit": limit + 1,
        "paged": cursor is not None,
        "a_tier": cursor[0] if cursor else 0,
        "a_rank": cursor[1] if cursor else 0.0,
        "a_id": cursor[2] if cursor else 0,
    }
    if parsed.code:
        sql = _CODE_SQL
        params |= {"code": parsed.code, "prefix": _like_prefix(parsed.code)}
    else:
        sql = _NAME_SQL
        params |= {"tsq": parsed.tsquery, "name": parsed.text, "prefix": _like_prefix(parsed.text)}
    with connection.cursor() as db:
        db.execute(sql, params)
        rows = db.fetchall()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = f"{last[5]}_{last[6]!r}_{last[0]}"
    return SearchPage(
        query=parsed, hits=[_hit(row, parsed) for row in rows], next_cursor=next_cursor
    )
