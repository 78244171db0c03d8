"""Reads with rules: public search, who may see a profile, the inquiry log, codes, working days.

Each concern lives in its own module; the names below are the package's public face."""

from disclosure.selectors.access import (
    is_government_staff,
    is_verified_representative,
    mask_id_number,
    profile_basis,
    subject_for_profile,
    subject_for_representative,
    subject_lookup,
)
from disclosure.selectors.calendar import (
    add_working_days,
    calendar_days_in_year,
    calendar_years,
    is_working_day,
    representations_of,
    working_days_between,
    working_days_until,
)
from disclosure.selectors.inquiry import (
    InquiryPage,
    InquiryRow,
    authorisable_items,
    authorisation_check,
    authorisation_code_hash,
    authorisations_for_subject,
    inquiries_for_subject,
)
from disclosure.selectors.search import (
    CODE_MIN_PREFIX,
    SEARCH_CANDIDATES,
    SEARCH_MAX_QUERY,
    TIER_LABELS,
    ParsedQuery,
    SearchHit,
    SearchPage,
    SearchQueryError,
    search_parse,
    subject_search,
)

__all__ = [
    "CODE_MIN_PREFIX",
    "SEARCH_CANDIDATES",
    "SEARCH_MAX_QUERY",
    "TIER_LABELS",
    "InquiryPage",
    "InquiryRow",
    "ParsedQuery",
    "SearchHit",
    "SearchPage",
    "SearchQueryError",
    "add_working_days",
    "authorisable_items",
    "authorisation_check",
    "authorisation_code_hash",
    "authorisations_for_subject",
    "calendar_days_in_year",
    "calendar_years",
    "inquiries_for_subject",
    "is_government_staff",
    "is_verified_representative",
    "is_working_day",
    "mask_id_number",
    "profile_basis",
    "representations_of",
    "search_parse",
    "subject_for_profile",
    "subject_for_representative",
    "subject_lookup",
    "subject_search",
    "working_days_between",
    "working_days_until",
]
