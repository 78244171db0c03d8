"""Identifier checks: GB 32100 codes and GB 11643 numbers, with REFERENCE.md's traps."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from credit_platform.identifiers import (
    USCC_ALPHABET,
    check_resident_id,
    check_uscc,
    mask_resident_id,
    uscc_check_character,
)
from tests.strategies import TODAY, valid_resident_ids, valid_usccs


def test_worked_example_from_the_standard() -> None:
    assert check_uscc("91512081MA62K0260E").ok


@given(valid_usccs())
def test_generated_valid_codes_pass(code: str) -> None:
    assert check_uscc(code).ok


@given(valid_usccs(), st.integers(0, 17), st.sampled_from(USCC_ALPHABET + "IOZSVa-"))
def test_any_single_character_change_of_a_code_fails(code: str, at: int, new: str) -> None:
    changed = code[:at] + new + code[at + 1 :]
    if changed.upper() == code:
        return
    assert not check_uscc(changed).ok


def test_codes_starting_with_a_n_y_are_accepted() -> None:
    for first in "ANY":
        body = first + "1460100MA5T0BXX0"
        assert check_uscc(body + uscc.calc_check_digit(body)).ok, first


def test_full_width_and_lower_case_input_is_normalised() -> None:
    checked = check_uscc("９１５１２０８１ma62k0260e")
    assert checked.ok
    assert checked.value == "91512081MA62K0260E"


def test_uscc_errors_say_what_is_wrong_in_both_languages() -> None:
    [problem] = check_uscc("91512081MA62K0260F").errors
    assert problem.code == "uscc_checksum"
    assert "应为“E”" in problem.zh
    assert "should be 'E'" in problem.en
    [length] = check_uscc("9151208").errors
    assert length.code == "uscc_length" and "7" in length.en
    [chars] = check_uscc("91512081MA62K0260O").errors
    assert chars.code == "uscc_characters" and "O" in chars.zh


def test_standard_example_resident_id() -> None:
    assert check_resident_id("11010519491231002X", today=TODAY).ok


@given(valid_resident_ids())
def test_generated_valid_resident_ids_pass(number: str) -> None:
    assert check_resident_id(number, today=TODAY).ok


@given(valid_resident_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_character_change_of_a_resident_id_fails(number: str, at: int, new: str) -> None:
    changed = number[:at] + new + number[at + 1 :]
    if changed == number:
        return
    assert not check_resident_id(changed, today=TODAY).ok


def test_birthplace_mismatch_is_only_a_warning() -> None:
    # Haikou Longhua district (460106) was created in 2002; real numbers predate it.
    body = "46010619900101123"
    checked = check_resident_id(body + ric.calc_check_digit(body + "0"), today=TODAY)
    assert checked.ok
    assert [w.code for w in checked.warnings] == ["ric_birth_place"]


def test_future_birth_date_is_an_error() -> None:
    body = "46010520300101123"
    checked = check_resident_id(body + ric.calc_check_digit(body + "0"), today=TODAY)
    assert [e.code for e in checked.errors] == ["ric_birth_future"]


def test_resident_id_masked_for_the_public() -> None:
    assert mask_resident_id("460100199001010019") == "4601**********0019"


@given(valid_usccs())
def test_check_character_equals_stdnum(code: str) -> None:
    assert uscc_check_character(code) == uscc.calc_check_digit(code)
