"""Reads with rules: public search, who may see a profile, the inquiry log, codes, working days."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from credit_platform.identifiers import normalise
from credit_platform.models import Representation, Subject, User
from credit_platform.search import _RUN, fold, tsquery_literal
from disclosure.highlight import highlight, matched_positions
from disclosure.models import Authorisation, CalendarDay, Inquiry

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

_CODE_SQL = """
WITH candidates AS (
    SELECT id, name, uscc, kind, former_names,
           CASE WHEN uscc = %(code)s THEN 0 ELSE 3 END AS tier, 0::float8 AS rank
      FROM credit_platform_subject
     WHERE uscc LIKE %(prefix)s AND kind <> 'natural_person'
     ORDER BY uscc LIMIT %(cap)s
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


# --- Who may see a subject ------------------------------------------------------------------


def subject_lookup(key: str) -> Subject | None:
    """A subject by its unified social credit code (18 characters) or its id."""
    code = normalise(key)
    if len(code) == 18:
        return Subject.objects.filter(uscc=code).first()
    if key.isdigit() and len(key) < 18:
        return Subject.objects.filter(pk=int(key)).first()
    return None


def is_verified_representative(*, user: Any, subject: Subject) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Representation.objects.filter(
        user=user, subject=subject, status=Representation.Status.VERIFIED
    ).exists()


def is_government_staff(user: Any) -> bool:
    agency = getattr(user, "agency", None) if getattr(user, "is_authenticated", False) else None
    return agency is not None and agency.active and user.is_active


def profile_basis(*, subject: Subject, user: Any) -> str | None:
    """The basis on which ``user`` may open the profile, or None (the public gets a 404).

    Natural persons are not on the open site (REFERENCE.md section 1): only the subject's
    own representatives, and agency staff who state a purpose (government sharing).
    """
    if is_verified_representative(user=user, subject=subject):
        return Inquiry.Basis.OWN
    if not subject.is_natural_person:
        return Inquiry.Basis.PUBLIC
    if is_government_staff(user):
        return Inquiry.Basis.GOVERNMENT
    return None


def mask_id_number(number: str) -> str:
    """An identity number as the public may see it: ``4601**********0019`` (never whole)."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def subject_for_profile(*, key: str, user: Any) -> tuple[Subject, str]:
    """The subject and the viewer's basis; 404 when it does not exist or is not visible."""
    subject = subject_lookup(key)
    basis = profile_basis(subject=subject, user=user) if subject else None
    if subject is None or basis is None:
        raise Http404
    return subject, basis


def subject_for_representative(*, subject_id: int, user: Any) -> Subject:
    """A subject whose private pages ``user`` opens: 404 if not visible, 403 if not theirs."""
    subject = Subject.objects.filter(pk=subject_id).first()
    if subject is None:
        raise Http404
    if is_verified_representative(user=user, subject=subject):
        return subject
    if profile_basis(subject=subject, user=user) is None:
        raise Http404
    raise PermissionDenied


# --- The inquiry log ------------------------------------------------------------------------


@dataclass(frozen=True)
class InquiryRow:
    id: int
    at: datetime.datetime
    who: str
    basis: str
    basis_label: str
    what_label: str


@dataclass(frozen=True)
class InquiryPage:
    rows: list[InquiryRow]
    next_before: int | None


def _who(inquiry: Inquiry) -> str:
    if inquiry.basis == Inquiry.Basis.AUTHORISED and inquiry.authorisation is not None:
        return _("%(grantee)s (with your authorisation)") % {
            "grantee": inquiry.authorisation.grantee
        }
    if inquiry.viewer_agency is not None:
        return inquiry.viewer_agency.name
    if inquiry.basis == Inquiry.Basis.OWN:
        return _("Your representative %(name)s") % {"name": inquiry.viewer_label}
    # Private visitors stay private: a subject learns that the public looked, not who.
    return _("The public")


def inquiries_for_subject(
    *, subject: Subject, before: int | None = None, limit: int = 25
) -> InquiryPage:
    """Newest first, by keyset on id (ids grow with time); no count of the whole log."""
    qs = Inquiry.objects.filter(subject=subject).select_related("viewer_agency", "authorisation")
    if before is not None:
        qs = qs.filter(id__lt=before)
    items = list(qs.order_by("-id")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    rows = [
        InquiryRow(
            id=i.id,
            at=i.at,
            who=_who(i),
            basis=i.basis,
            basis_label=str(Inquiry.Basis(i.basis).label),
            what_label=str(Inquiry.What(i.what).label),
        )
        for i in items
    ]
    return InquiryPage(rows=rows, next_before=items[-1].id if more else None)


# --- Authorisation codes --------------------------------------------------------------------


def authorisation_code_hash(code: str) -> str:
    """The stored form of a code: typed in any case, with or without the dashes."""
    cleaned = normalise(code)
    return hashlib.sha256(cleaned.encode()).hexdigest()


def authorisation_check(code: str, subject: Subject) -> Authorisation | None:
    """The authorisation ``code`` proves for ``subject``: issued for it, unexpired, not revoked."""
    if not code:
        return None
    return Authorisation.objects.filter(
        subject=subject,
        code_hash=authorisation_code_hash(code),
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()


def authorisations_for_subject(*, subject: Subject) -> QuerySet[Authorisation]:
    return Authorisation.objects.filter(subject=subject).select_related("issued_by")


def authorisable_items() -> list[tuple[str, str]]:
    """(code, name) of the published catalogue's items shown only on authorised inquiry."""
    from catalogue.models import CatalogueItem, CatalogueVersion

    items = CatalogueItem.objects.filter(
        version__status=CatalogueVersion.Status.PUBLISHED,
        disclosure_level=CatalogueItem.DisclosureLevel.AUTHORISED,
    )
    return [(item.code, item.name) for item in items]


# --- Working days ---------------------------------------------------------------------------


def _exceptions(first: datetime.date, last: datetime.date) -> dict[datetime.date, str]:
    rows = CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind")
    return dict(rows)


def _is_working(day: datetime.date, exceptions: dict[datetime.date, str]) -> bool:
    kind = exceptions.get(day)
    if kind is not None:
        return kind == CalendarDay.Kind.MAKEUP_WORKDAY
    return day.weekday() < 5


def is_working_day(day: datetime.date) -> bool:
    return _is_working(day, _exceptions(day, day))


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The day on which ``n`` working days after ``start`` have passed (``start`` not counted).

    A deadline of 2 working days from an objection accepted on ``start`` ends on this day.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    # A window wide enough for weekends and the longest holidays, widened if ever too short.
    span = n * 2 + 30
    while True:
        exceptions = _exceptions(start, start + datetime.timedelta(days=span))
        day, left = start, n
        for _step in range(span):
            if left == 0:
                return day
            day += datetime.timedelta(days=1)
            if _is_working(day, exceptions):
                left -= 1
        if left == 0:
            return day
        span *= 2


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days ``d`` with ``a < d <= b``; negative when ``b`` is before ``a``."""
    if b < a:
        return -working_days_between(b, a)
    exceptions = _exceptions(a, b)
    return sum(
        _is_working(a + datetime.timedelta(days=i), exceptions) for i in range(1, (b - a).days + 1)
    )


def working_days_until(deadline: datetime.date) -> int:
    """Working days left from today to ``deadline``; negative once it has passed."""
    return working_days_between(timezone.localdate(), deadline)


def calendar_days_in_year(year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(date__year=year).order_by("date")


def calendar_years() -> list[int]:
    years = {d.year for d in CalendarDay.objects.dates("date", "year")}
    years.add(timezone.localdate().year)
    return sorted(years)


def representations_of(user: User) -> QuerySet[Representation]:
    return Representation.objects.filter(
        user=user, status=Representation.Status.VERIFIED
    ).select_related("subject")
