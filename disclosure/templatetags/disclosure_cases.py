"""Dashboard counts of open and overdue objection and repair cases, for the home pages."""

from __future__ import annotations

from typing import Any

from django import template

from disclosure.selectors.objections import CaseCounts, case_counts, is_overdue, may_first_check

register = template.Library()


@register.simple_tag
def open_cases(user: Any) -> CaseCounts:
    return case_counts(user=user)


@register.filter
def overdue(due: Any) -> bool:
    return is_overdue(due)


@register.filter(name="may_first_check")
def may_first_check_filter(user: Any) -> bool:
    return may_first_check(user)
