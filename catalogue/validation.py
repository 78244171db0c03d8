"""The record validator: an item's field specs compiled once into one callable.

Every submission channel (web form, CSV/XLSX file, API) checks rows through
``compile_item(item)``; this module is the one place that knows field types. A row is
a mapping of field name to raw value (text from files and forms; numbers, booleans and
dates also from XLSX cells and JSON). The result holds the normalised values (JSON-safe:
decimals, dates and datetimes as ISO text) and the errors, each with field, code, a
message in Chinese and English, and the offending value unless the field is sensitive.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from catalogue.models import CatalogueItem, FieldSpec
from credit_platform.identifiers import Problem, check_resident_id, check_uscc

T = FieldSpec.Type
Value = str | int | bool | list[str] | None


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str  # the field name; "" for the row as a whole
    code: str
    zh: str
    en: str
    value: str | None = None  # None for sensitive fields

    def message(self, language: str | None = None) -> str:
        return Problem(self.code, self.zh, self.en).message(language)


@dataclass(slots=True)
class RowResult:
    values: dict[str, Value]
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class Invalid(Exception):
    """Raised inside a field check; turned into a FieldError by the row loop."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(code)
        self.code, self.zh, self.en = code, zh, en


Check = Callable[[Any], Value]


# --- text and numbers -------------------------------------------------------------------


def _text(raw: Any) -> str:
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _string_check(spec: FieldSpec) -> Check:
    min_len, max_len = spec.min_length, spec.max_length
    pattern = re.compile(spec.pattern) if spec.pattern else None
    keep_lines = spec.type == T.TEXT

    def check(raw: Any) -> Value:
        value = raw if raw.__class__ is str else _text(raw)  # the row loop stripped text
        if not keep_lines and ("\n" in value or "\t" in value):
            value = " ".join(value.split())
        if max_len is not None and len(value) > max_len:
            raise Invalid(
                "too_long",
                f"长度不能超过{max_len}个字符，实为{len(value)}个",
                f"at most {max_len} characters, got {len(value)}",
            )
        if min_len is not None and len(value) < min_len:
            raise Invalid(
                "too_short", f"长度不能少于{min_len}个字符", f"at least {min_len} characters"
            )
        if pattern is not None and not pattern.fullmatch(value):
            raise Invalid(
                "pattern",
                f"格式不符合要求（{spec.pattern}）",
                f"does not match the required pattern {spec.pattern}",
            )
        return value

    return check


def _range(spec: FieldSpec, number: Decimal | int) -> None:
    if spec.min_value is not None and number < spec.min_value:
        raise Invalid(
            "too_small",
            f"不能小于{spec.min_value.normalize():f}",
            f"must be at least {spec.min_value.normalize():f}",
        )
    if spec.max_value is not None and number > spec.max_value:
        raise Invalid(
            "too_large",
            f"不能大于{spec.max_value.normalize():f}",
            f"must be at most {spec.max_value.normalize():f}",
        )


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def _number_text(raw: Any) -> str:
    text = _text(raw)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.replace(",", "") if "," in text and _THOUSANDS.match(text) else text


def _integer_check(spec: FieldSpec) -> Check:
    has_range = spec.min_value is not None or spec.max_value is not None

    def check(raw: Any) -> Value:
        if isinstance(raw, bool):
            raise Invalid("not_integer", "应为整数", "expected a whole number")
        if isinstance(raw, int):
            number = raw
        else:
            text = _number_text(raw)
            try:
                number = int(text)
            except ValueError:
                try:
                    as_decimal = Decimal(text)
                except InvalidOperation:
                    as_decimal = Decimal("NaN")
                if not as_decimal.is_finite() or as_decimal != as_decimal.to_integral_value():
                    raise Invalid("not_integer", "应为整数", "expected a whole number") from None
                number = int(as_decimal)
        if has_range:
            _range(spec, number)
        return number

    return check


def _decimal_check(spec: FieldSpec) -> Check:
    places, digits = spec.decimal_places, spec.max_digits
    has_range = spec.min_value is not None or spec.max_value is not None

    def check(raw: Any) -> Value:
        if isinstance(raw, bool):
            raise Invalid("not_decimal", "应为数字", "expected a number")
        try:
            number = Decimal(raw) if isinstance(raw, int) else Decimal(_number_text(raw))
        except InvalidOperation:
            raise Invalid("not_decimal", "应为数字", "expected a number") from None
        if not number.is_finite():
            raise Invalid("not_decimal", "应为数字", "expected a number")
        exponent = number.as_tuple().exponent
        assert isinstance(exponent, int)
        if places is not None and -exponent > places:
            raise Invalid(
                "too_many_decimals",
                f"小数位数不能超过{places}位",
                f"at most {places} decimal places",
            )
        if digits is not None:
            whole_digits = len(str(abs(int(number)))) if int(number) else 0
            if whole_digits > digits - (places or 0):
                raise Invalid(
                    "too_many_digits",
                    f"整数部分不能超过{digits - (places or 0)}位",
                    f"at most {digits - (places or 0)} digits before the point",
                )
        if has_range:
            _range(spec, number)
        return f"{number:f}"

    return check


# --- dates ------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MIDNIGHT = re.compile(r"^(.+?)[ T]0{1,2}:00(:00(\.0+)?)?$")
_DATETIME = re.compile(
    r"^(?P<date>.+?)(?:[ T]|(?<=日))\s*(?P<h>\d{1,2})[:时](?P<m>\d{2})分?"
    r"(?:[:分]?(?P<s>\d{2})(?:\.\d+)?秒?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
_NOT_DATE = (
    "not_date",
    "应为日期，如2024-01-05、2024/01/05或2024年1月5日",
    "expected a date such as 2024-01-05, 2024/01/05 or 2024年1月5日",
)


@lru_cache(maxsize=65536)
def _parse_date(raw_text: str) -> dt.date:
    """Parse one date text; cached because the same dates recur across many rows."""
    text = unicodedata.normalize("NFKC", raw_text).strip()
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if match is None and (midnight := _MIDNIGHT.match(text)):
        match = _DATE.match(midnight.group(1))
    if match is None:
        raise Invalid(*_NOT_DATE)
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise Invalid("not_date", "不是有效日期", "not a valid calendar date") from None


def _as_date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    return _parse_date(_text(raw))


@lru_cache(maxsize=65536)
def _iso_date(text: str) -> str:
    return _parse_date(text).isoformat()


def _date_check(spec: FieldSpec) -> Check:
    def check(raw: Any) -> Value:
        if raw.__class__ is str:
            return _iso_date(raw)
        return _as_date(raw).isoformat()

    return check


def _datetime_check(spec: FieldSpec) -> Check:
    zone = ZoneInfo(settings.TIME_ZONE)

    def check(raw: Any) -> Value:
        if isinstance(raw, dt.datetime):
            moment = raw
        else:
            text = unicodedata.normalize("NFKC", _text(raw))
            try:
                moment = dt.datetime.fromisoformat(text)
            except ValueError:
                moment = _loose_datetime(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone)
        return moment.isoformat()

    return check


def _loose_datetime(text: str) -> dt.datetime:
    match = _DATETIME.match(text)
    if match is None:
        raise Invalid(
            "not_datetime",
            "应为日期时间，如2024-01-05 13:45",
            "expected a date and time such as 2024-01-05 13:45",
        )
    day = _parse_date(match.group("date").strip())
    try:
        moment = dt.datetime(
            day.year,
            day.month,
            day.day,
            int(match.group("h")),
            int(match.group("m")),
            int(match.group("s") or 0),
        )
    except ValueError:
        raise Invalid("not_datetime", "时间无效", "not a valid time of day") from None
    if tz := match.group("tz"):
        moment = dt.datetime.fromisoformat(moment.isoformat() + tz.replace("Z", "+00:00"))
    return moment


# --- code lists, identifiers, addresses ----------------------------------------------------

_TRUE = frozenset({"true", "1", "yes", "y", "t", "是", "有", "√"})
_FALSE = frozenset({"false", "0", "no", "n", "f", "否", "无", "×"})


def _boolean_check(spec: FieldSpec) -> Check:
    def check(raw: Any) -> Value:
        if isinstance(raw, bool):
            return raw
        word = _text(raw).casefold()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise Invalid(
            "not_boolean", "应为“是”或“否”", "expected yes or no (true/false, 1/0, 是/否)"
        )

    return check


def _choice_index(spec: FieldSpec) -> dict[str, str]:
    index: dict[str, str] = {}
    for choice in spec.choices or []:
        code = str(choice["code"])
        for key in (choice.get("label_en"), choice.get("label_zh"), code):
            if key:
                index[unicodedata.normalize("NFKC", str(key)).strip().casefold()] = code
    return index


def _not_in_list(spec: FieldSpec) -> Invalid:
    codes = "、".join(str(c["code"]) for c in (spec.choices or [])[:20])
    return Invalid(
        "not_in_list",
        f"不在代码表中（可用代码：{codes}）",
        f"not in the code list (codes: {codes.replace('、', ', ')})",
    )


def _enum_check(spec: FieldSpec) -> Check:
    index = _choice_index(spec)

    def check(raw: Any) -> Value:
        code = index.get(raw) if raw.__class__ is str else None
        if code is None:
            code = index.get(unicodedata.normalize("NFKC", _text(raw)).casefold())
        if code is None:
            raise _not_in_list(spec)
        return code

    return check


_SEPARATORS = re.compile(r"[;；]")


def _multi_enum_check(spec: FieldSpec) -> Check:
    index = _choice_index(spec)

    def check(raw: Any) -> Value:
        parts = raw if isinstance(raw, list) else _SEPARATORS.split(_text(raw))
        codes: list[str] = []
        for part in parts:
            key = part if part.__class__ is str and part in index else None
            key = key or unicodedata.normalize("NFKC", _text(part)).casefold()
            if not key:
                continue
            code = index.get(key)
            if code is None:
                raise _not_in_list(spec)
            if code not in codes:
                codes.append(code)
        if not codes:
            raise Invalid("required", "必填项不能为空", "a value is required")
        return codes

    return check


@lru_cache(maxsize=65536)
def _checked_uscc(text: str) -> tuple[str, Problem | None]:
    result = check_uscc(text)
    return result.value, (result.errors[0] if result.errors else None)


def _uscc_check(spec: FieldSpec) -> Check:
    def check(raw: Any) -> Value:
        value, problem = _checked_uscc(raw if raw.__class__ is str else _text(raw))
        if problem is not None:
            raise Invalid(problem.code, problem.zh, problem.en)
        return value

    return check


def _url_check(spec: FieldSpec) -> Check:
    max_len = spec.max_length or 2000

    def check(raw: Any) -> Value:
        value = _text(raw)
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            raise Invalid(
                "not_url",
                "应为以http://或https://开头的网址",
                "expected a web address starting with http:// or https://",
            )
        if len(value) > max_len:
            raise Invalid(
                "too_long", f"长度不能超过{max_len}个字符", f"at most {max_len} characters"
            )
        return value

    return check


CHECK_FACTORIES: dict[str, Callable[[FieldSpec], Check]] = {
    T.STRING: _string_check,
    T.TEXT: _string_check,
    T.INTEGER: _integer_check,
    T.DECIMAL: _decimal_check,
    T.DATE: _date_check,
    T.DATETIME: _datetime_check,
    T.BOOLEAN: _boolean_check,
    T.ENUM: _enum_check,
    T.MULTI_ENUM: _multi_enum_check,
    T.USCC: _uscc_check,
    T.URL: _url_check,
    # resident_id is checked in the row loop: it may add a warning as well as an error.
}


# --- cross-field rules ----------------------------------------------------------------------

RowRule = Callable[[dict[str, Value], dt.date], "FieldError | None"]


def _as_set(value: Value) -> set[str]:
    if value is None:
        return set()
    return set(value) if isinstance(value, list) else {str(value)}


def _required_if(rule: Mapping[str, Any]) -> RowRule:
    target, when, values = rule["field"], rule["when"], set(map(str, rule["values"]))

    def check(row: dict[str, Value], today: dt.date) -> FieldError | None:
        if row.get(target) is None and _as_set(row.get(when)) & values:
            return FieldError(
                target,
                "required_if",
                f"当“{when}”为{'、'.join(sorted(values))}时必填",
                f"required when {when} is {' or '.join(sorted(values))}",
            )
        return None

    return check


def _not_before(rule: Mapping[str, Any]) -> RowRule:
    target, other = rule["field"], rule["other"]

    def check(row: dict[str, Value], today: dt.date) -> FieldError | None:
        later, earlier = row.get(target), row.get(other)
        if isinstance(later, str) and isinstance(earlier, str) and later < earlier:
            return FieldError(
                target,
                "not_before",
                f"不能早于“{other}”（{earlier}）",
                f"must not be before {other} ({earlier})",
                later,
            )
        return None

    return check


def _not_future(rule: Mapping[str, Any]) -> RowRule:
    target = rule["field"]

    def check(row: dict[str, Value], today: dt.date) -> FieldError | None:
        value = row.get(target)
        if isinstance(value, str) and value[:10] > today.isoformat():
            return FieldError(
                target,
                "not_future",
                f"不能晚于今天（{today}）",
                f"must not be after today ({today})",
                value,
            )
        return None

    return check


# GB 32100: position 1-2 "92" is an individual business registered by market regulation.
_INDIVIDUAL_BUSINESS_PREFIX = "92"


def _uscc_matches_kind(rule: Mapping[str, Any]) -> RowRule:
    target, kind_field = rule["field"], rule["kind_field"]

    def check(row: dict[str, Value], today: dt.date) -> FieldError | None:
        code, kind = row.get(target), row.get(kind_field)
        if not isinstance(code, str) or not isinstance(kind, str):
            return None
        is_individual = code.startswith(_INDIVIDUAL_BUSINESS_PREFIX)
        if is_individual != (kind == "individual_business") or kind == "natural_person":
            return FieldError(
                target,
                "uscc_kind_mismatch",
                f"统一社会信用代码前两位“{code[:2]}”与主体类别不符（个体工商户为92）",
                f"code prefix {code[:2]} does not agree with the subject kind "
                "(92 is an individual business)",
                code,
            )
        return None

    return check


RULES: dict[str, tuple[Callable[[Mapping[str, Any]], RowRule], tuple[str, ...]]] = {
    # name: (factory, parameters that name fields)
    "required_if_contains": (_required_if, ("field", "when")),
    "required_if_equals": (_required_if, ("field", "when")),
    "not_before": (_not_before, ("field", "other")),
    "not_future": (_not_future, ("field",)),
    "uscc_matches_kind": (_uscc_matches_kind, ("field", "kind_field")),
}


def rule_problems(rules: Iterable[Any], field_names: Iterable[str]) -> list[str]:
    """What is wrong with an item's cross-field rule definitions (for the catalogue editor)."""
    names, problems = set(field_names), []
    for position, rule in enumerate(rules, start=1):
        if not isinstance(rule, dict) or rule.get("rule") not in RULES:
            problems.append(f"rule {position}: unknown rule, expected one of {', '.join(RULES)}")
            continue
        _, params = RULES[rule["rule"]]
        for param in params:
            if rule.get(param) not in names:
                problems.append(f"rule {position} ({rule['rule']}): {param} must name a field")
        if rule["rule"].startswith("required_if") and not isinstance(rule.get("values"), list):
            problems.append(f"rule {position} ({rule['rule']}): values must be a list")
    return problems


# --- the compiled validator -----------------------------------------------------------------


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "").strip()
    return text.rstrip("*").strip().casefold()


@dataclass
class HeaderMap:
    """How the columns of a file map onto fields."""

    columns: list[str | None]  # field name per column, None for an unknown column
    unknown: list[str]
    missing_required: list[str]
    duplicates: list[str]

    @property
    def ok(self) -> bool:
        return not (self.unknown or self.missing_required or self.duplicates)


@dataclass
class _Field:
    name: str
    required: bool
    sensitive: bool
    check: Check | None  # None: resident identity number
    label_zh: str
    label_en: str


class CompiledValidator:
    """Checks rows for one catalogue item; build it with ``compile_item``."""

    def __init__(self, item: CatalogueItem, specs: Sequence[FieldSpec]) -> None:
        self.item_id = item.pk
        self.item_code = item.code
        self.key_field = item.key_field
        problems = rule_problems(item.cross_rules or [], [s.name for s in specs])
        if problems:
            raise ValueError(f"item {item.code}: " + "; ".join(problems))
        self.fields = [
            _Field(
                s.name,
                s.required,
                s.sensitive,
                None if s.type == T.RESIDENT_ID else CHECK_FACTORIES[s.type](s),
                s.label_zh,
                s.label_en,
            )
            for s in specs
        ]
        self.names = frozenset(f.name for f in self.fields)
        self._plan = [(f.name, f.required, f.check, f) for f in self.fields]
        self.rules = [
            (RULES[r["rule"]][0](r), frozenset(r[p] for p in RULES[r["rule"]][1]))
            for r in item.cross_rules or []
        ]
        self._headers: dict[str, str] = {}
        for spec in specs:
            for text in (spec.label_en, spec.label_zh, spec.name):
                self._headers[_header_key(text)] = spec.name

    def map_headers(self, headers: Sequence[Any]) -> HeaderMap:
        columns: list[str | None] = []
        unknown, duplicates, seen = [], [], set()
        for header in headers:
            name = self._headers.get(_header_key(header))
            if name is None and _header_key(header):
                unknown.append(str(header).strip())
            if name is not None and name in seen:
                duplicates.append(str(header).strip())
                name = None
            seen.add(name)
            columns.append(name)
        missing = [f.name for f in self.fields if f.required and f.name not in seen]
        return HeaderMap(columns, unknown, missing, duplicates)

    def __call__(self, row: Mapping[str, Any], today: dt.date | None = None) -> RowResult:
        values: dict[str, Value] = {}
        result = RowResult(values)
        errors = result.errors
        get = row.get
        # Plain tuples: this loop runs once per field of every row of every file.
        for name, required, check, spec in self._plan:
            raw = get(name)
            if raw.__class__ is str:
                raw = raw.strip() or None
            if raw is None:
                values[name] = None
                if required:
                    errors.append(
                        FieldError(name, "required", "必填项不能为空", "a value is required")
                    )
                continue
            try:
                values[name] = check(raw) if check else self._resident_id(spec, raw, result)
            except Invalid as bad:
                values[name] = None
                shown = None if spec.sensitive else _text(raw)[:200]
                errors.append(FieldError(name, bad.code, bad.zh, bad.en, shown))
        if not self.names.issuperset(row):
            for name in row:
                if name not in self.names:
                    errors.append(
                        FieldError(
                            str(name),
                            "unknown_field",
                            f"目录中没有字段“{name}”",
                            f"the catalogue item has no field {name!r}",
                        )
                    )
        if self.rules:
            self._cross_check(values, errors, today or _today())
        return result

    def _cross_check(
        self, values: dict[str, Value], errors: list[FieldError], day: dt.date
    ) -> None:
        # A rule over a field that already failed its own check would only repeat the error.
        failed = {error.field for error in errors}
        for rule, involved in self.rules:
            if not involved & failed and (problem := rule(values, day)) is not None:
                errors.append(problem)

    @staticmethod
    def _resident_id(spec: _Field, raw: Any, result: RowResult) -> str:
        checked = check_resident_id(_text(raw))
        for warning in checked.warnings:
            result.warnings.append(FieldError(spec.name, warning.code, warning.zh, warning.en))
        if checked.errors:
            problem = checked.errors[0]
            raise Invalid(problem.code, problem.zh, problem.en)
        return checked.value


def clear_caches() -> None:
    """Forget cached parses (benchmarks measure cold caches)."""
    for cached in (_parse_date, _iso_date, _checked_uscc):
        cached.cache_clear()


_today_cache: tuple[int, dt.date] = (0, dt.date.min)


def _today() -> dt.date:
    """The local date, looked up once a minute rather than once a row."""
    global _today_cache
    minute = int(time.time() // 60)
    if _today_cache[0] != minute:
        _today_cache = (minute, timezone.localdate())
    return _today_cache[1]


_cache: dict[int, CompiledValidator] = {}


def compile_item(item: CatalogueItem) -> CompiledValidator:
    """The validator of an item. Items of approved versions never change, so it is cached."""
    cached = _cache.get(item.pk)
    if cached is not None:
        return cached
    validator = CompiledValidator(item, list(item.fields.order_by("order", "id")))
    if item.version.status != item.version.Status.DRAFT:
        _cache[item.pk] = validator
    return validator
