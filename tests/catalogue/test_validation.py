"""The compiled record validator: each type's values pass, each violation has its code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.models import CatalogueItem, FieldSpec
from catalogue.validation import CompiledValidator, rule_problems
from tests.strategies import TODAY, valid_resident_ids, valid_usccs

T = FieldSpec.Type
KINDS = [
    {"code": "legal_person", "label_zh": "法人", "label_en": "Legal person"},
    {"code": "individual_business", "label_zh": "个体工商户", "label_en": "Individual business"},
    {"code": "natural_person", "label_zh": "自然人", "label_en": "Natural person"},
]
CATEGORIES = [
    {"code": "01", "label_zh": "警告", "label_en": "Warning"},
    {"code": "03", "label_zh": "罚款", "label_en": "Fine"},
    {"code": "04", "label_zh": "没收违法所得", "label_en": "Confiscation of illegal gains"},
]


def spec(name: str, type: str, **options: Any) -> FieldSpec:
    return FieldSpec(
        name=name,
        type=type,
        label_zh=options.pop("zh", name),
        label_en=options.pop("en", name),
        **options,
    )


def validator(*specs: FieldSpec, rules: list[dict[str, Any]] | None = None) -> CompiledValidator:
    item = CatalogueItem(code="test-item", key_field=specs[0].name, cross_rules=rules or [])
    return CompiledValidator(item, list(specs))


def check_one(field: FieldSpec, raw: Any) -> tuple[Any, list[str]]:
    result = validator(field)({field.name: raw}, today=TODAY)
    return result.values[field.name], [e.code for e in result.errors]


# --- values of each type pass and are normalised -------------------------------------------


@given(st.text(min_size=1, max_size=50).filter(lambda s: s.strip() and "\x00" not in s))
def test_strings_within_the_length_pass(text: str) -> None:
    value, errors = check_one(spec("name", T.TEXT, max_length=50), text)
    assert errors == [] and value == text.strip()


@given(st.integers(-1000, 1000))
def test_integers_in_range_pass_as_text_or_number(number: int) -> None:
    field = spec("n", T.INTEGER, min_value=Decimal(-1000), max_value=Decimal(1000))
    assert check_one(field, str(number)) == (number, [])
    assert check_one(field, number) == (number, [])


@given(st.decimals(min_value=0, max_value=99999, places=4, allow_nan=False))
def test_decimals_with_the_right_scale_pass(number: Decimal) -> None:
    field = spec("amount", T.DECIMAL, max_digits=10, decimal_places=4)
    value, errors = check_one(field, str(number))
    assert errors == [] and Decimal(value) == number


@given(
    st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31)),
    st.sampled_from(
        [
            "{d:%Y-%m-%d}",
            "{d:%Y/%m/%d}",
            "{d.year}年{d.month}月{d.day}日",
            "{d.year}-{d.month}-{d.day}",
            "{d:%Y%m%d}",
            "{d:%Y-%m-%d} 00:00:00",
        ]
    ),
)
def test_dates_in_every_accepted_form_normalise_to_iso(day: dt.date, form: str) -> None:
    assert check_one(spec("d", T.DATE), form.format(d=day)) == (day.isoformat(), [])


def test_date_cells_from_spreadsheets_pass() -> None:
    assert check_one(spec("d", T.DATE), dt.datetime(2024, 1, 5)) == ("2024-01-05", [])


@pytest.mark.parametrize(
    "text",
    ["2024-01-05 13:45", "2024/01/05 13:45:10", "2024年1月5日 13:45", "2024-01-05T13:45:00+08:00"],
)
def test_datetimes_take_the_platform_time_zone(text: str) -> None:
    value, errors = check_one(spec("t", T.DATETIME), text)
    assert errors == [] and value.startswith("2024-01-05T13:45") and value.endswith("+08:00")


@pytest.mark.parametrize(
    ("word", "expected"), [("是", True), ("否", False), ("TRUE", True), ("0", False), (True, True)]
)
def test_boolean_words(word: Any, expected: bool) -> None:
    assert check_one(spec("b", T.BOOLEAN), word) == (expected, [])


@pytest.mark.parametrize("raw", ["individual_business", "个体工商户", "individual business"])
def test_enum_by_code_or_either_label(raw: str) -> None:
    field = spec("kind", T.ENUM, choices=KINDS)
    assert check_one(field, raw) == ("individual_business", [])


def test_multi_enum_splits_on_semicolons_of_both_widths() -> None:
    field = spec("cats", T.MULTI_ENUM, choices=CATEGORIES)
    assert check_one(field, "01;罚款；Fine") == (["01", "03"], [])
    assert check_one(field, ["01", "04"]) == (["01", "04"], [])


@given(valid_usccs())
def test_valid_codes_pass(code: str) -> None:
    assert check_one(spec("code", T.USCC), code) == (code, [])


@given(valid_resident_ids())
def test_valid_resident_ids_pass(number: str) -> None:
    field = spec("id", T.RESIDENT_ID, sensitive=True)
    result = validator(field)({"id": number}, today=TODAY)
    assert result.ok and result.values["id"] == number


@given(st.sampled_from(["http", "https"]), st.from_regex(r"[a-z]{1,10}\.gov\.cn", fullmatch=True))
def test_urls_pass(scheme: str, host: str) -> None:
    url = f"{scheme}://{host}/notice?id=1"
    assert check_one(spec("link", T.URL), url) == (url, [])


# --- every kind of violation is caught with its code ----------------------------------------


@pytest.mark.parametrize(
    ("field", "raw", "code"),
    [
        (spec("s", T.STRING, max_length=3), "abcd", "too_long"),
        (spec("s", T.STRING, min_length=3), "ab", "too_short"),
        (spec("s", T.STRING, pattern=r"[A-Z]{2}\d+"), "ab1", "pattern"),
        (spec("n", T.INTEGER), "1.5", "not_integer"),
        (spec("n", T.INTEGER), "twelve", "not_integer"),
        (spec("n", T.INTEGER, min_value=Decimal(1)), "0", "too_small"),
        (spec("n", T.INTEGER, max_value=Decimal(9)), "10", "too_large"),
        (spec("x", T.DECIMAL), "1,2", "not_decimal"),
        (spec("x", T.DECIMAL), "NaN", "not_decimal"),
        (spec("x", T.DECIMAL, decimal_places=2), "1.234", "too_many_decimals"),
        (spec("x", T.DECIMAL, max_digits=5, decimal_places=2), "1234.5", "too_many_digits"),
        (spec("d", T.DATE), "05/01/2024", "not_date"),
        (spec("d", T.DATE), "2024-02-30", "not_date"),
        (spec("t", T.DATETIME), "yesterday", "not_datetime"),
        (spec("b", T.BOOLEAN), "maybe", "not_boolean"),
        (spec("e", T.ENUM, choices=KINDS), "robot", "not_in_list"),
        (spec("m", T.MULTI_ENUM, choices=CATEGORIES), "01;99", "not_in_list"),
        (spec("c", T.USCC), "91512081MA62K0260F", "uscc_checksum"),
        (spec("c", T.USCC), "9151208", "uscc_length"),
        (spec("i", T.RESIDENT_ID), "110105194912310021", "ric_checksum"),
        (spec("u", T.URL), "ftp://example.org", "not_url"),
        (spec("r", T.STRING, required=True), "   ", "required"),
    ],
)
def test_each_violation_has_its_code(field: FieldSpec, raw: Any, code: str) -> None:
    assert check_one(field, raw)[1] == [code]


def test_errors_carry_both_languages_and_the_value() -> None:
    result = validator(spec("n", T.INTEGER))({"n": "abc"})
    [error] = result.errors
    assert (error.field, error.value) == ("n", "abc")
    assert error.zh == "应为整数" and error.en == "expected a whole number"
    assert error.message("en") == "expected a whole number"


def test_sensitive_values_never_appear_in_errors() -> None:
    result = validator(spec("id", T.RESIDENT_ID, sensitive=True))({"id": "110105194912310021"})
    assert result.errors[0].value is None


def test_unknown_fields_are_reported_by_name() -> None:
    result = validator(spec("a", T.STRING))({"a": "x", "colour": "red"})
    assert [(e.field, e.code) for e in result.errors] == [("colour", "unknown_field")]


# --- cross-field rules ------------------------------------------------------------------

PENALTY_RULES: list[dict[str, Any]] = [
    {"rule": "required_if_contains", "field": "fine", "when": "cats", "values": ["03"]},
    {
        "rule": "required_if_equals",
        "field": "code",
        "when": "kind",
        "values": ["legal_person", "individual_business"],
    },
    {"rule": "not_before", "field": "valid_to", "other": "valid_from"},
    {"rule": "not_future", "field": "decided"},
    {"rule": "uscc_matches_kind", "field": "code", "kind_field": "kind"},
]


def penalty() -> CompiledValidator:
    return validator(
        spec("kind", T.ENUM, choices=KINDS, required=True),
        spec("code", T.USCC),
        spec("cats", T.MULTI_ENUM, choices=CATEGORIES, required=True),
        spec("fine", T.DECIMAL, decimal_places=6),
        spec("decided", T.DATE, required=True),
        spec("valid_from", T.DATE),
        spec("valid_to", T.DATE),
        rules=PENALTY_RULES,
    )


GOOD = {
    "kind": "legal_person",
    "code": "91512081MA62K0260E",
    "cats": "03",
    "fine": "1.5",
    "decided": "2026-01-05",
    "valid_from": "2026-01-05",
    "valid_to": "2026-02-05",
}


def rule_codes(**changes: Any) -> list[tuple[str, str]]:
    result = penalty()(GOOD | changes, today=TODAY)
    return [(e.field, e.code) for e in result.errors]


def test_a_good_row_passes_every_rule() -> None:
    assert rule_codes() == []


def test_fine_amount_required_when_categories_include_a_fine() -> None:
    assert rule_codes(fine="") == [("fine", "required_if")]
    assert rule_codes(fine="", cats="01") == []


def test_code_required_for_organisations_only() -> None:
    assert rule_codes(code="") == [("code", "required_if")]


def test_valid_to_not_before_valid_from() -> None:
    assert rule_codes(valid_to="2026-01-04") == [("valid_to", "not_before")]


def test_decision_date_not_in_the_future() -> None:
    assert rule_codes(decided="2026-11-27") == [("decided", "not_future")]


def test_code_prefix_agrees_with_subject_kind() -> None:
    assert rule_codes(kind="individual_business") == [("code", "uscc_kind_mismatch")]


def test_a_rule_over_a_field_that_failed_adds_nothing() -> None:
    assert rule_codes(valid_to="not a date") == [("valid_to", "not_date")]


def test_rule_definitions_are_checked() -> None:
    problems = rule_problems([{"rule": "nope"}, {"rule": "not_future", "field": "x"}], ["a"])
    assert len(problems) == 2
    with pytest.raises(ValueError, match="unknown rule"):
        validator(spec("a", T.STRING), rules=[{"rule": "nope"}])


# --- file headers -------------------------------------------------------------------------


def test_headers_match_by_name_or_either_label() -> None:
    v = validator(
        spec("decision_number", T.STRING, zh="决定书文号", en="Decision number", required=True),
        spec("note", T.STRING, zh="备注", en="Remarks"),
    )
    mapping = v.map_headers(["\ufeff决定书文号*", "REMARKS", "colour"])
    assert mapping.columns == ["decision_number", "note", None]
    assert mapping.unknown == ["colour"] and not mapping.ok
    assert v.map_headers(["note"]).missing_required == ["decision_number"]
    assert v.map_headers(["note", "备注", "decision_number"]).duplicates == ["备注"]
