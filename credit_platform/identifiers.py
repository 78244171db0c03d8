"""Unified social credit codes (GB 32100-2015) and resident identity numbers (GB 11643).

python-stdnum computes the check characters; its ``validate`` functions are not used
because ``uscc.validate`` rejects valid codes that start with A, N or Y and
``ric.validate`` rejects real numbers whose area code was created after the birth
year (REFERENCE.md section 8). A birthplace mismatch is therefore only a warning.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Position 1, the registration authority: 1-9 or A (other), N (trade union), Y (others).
USCC_AUTHORITIES = "123456789ANY"
RIC_ID_TYPE = "01"
_USCC_VALUES = {ch: i for i, ch in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def uscc_check_character(value: str) -> str:
    """GB 32100's check character of the first 17 characters (all in the alphabet).

    The same formula as stdnum's ``uscc.calc_check_digit`` (a test holds them equal),
    without its per-call clean-up: validation runs it on every row of large files.
    """
    total = sum(_USCC_VALUES[ch] * w for ch, w in zip(value, _USCC_WEIGHTS, strict=False))
    return USCC_ALPHABET[(31 - total % 31) % 31]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a value, worded in both platform languages."""

    code: str
    zh: str
    en: str

    def message(self, language: str | None = None) -> str:
        language = language or get_language() or "zh-hans"
        return self.en if language.startswith("en") else self.zh


@dataclass
class Checked:
    value: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def normalise(value: str) -> str:
    """Full-width to half-width, no spaces or dashes, upper case."""
    value = value or ""
    if value.isascii() and value.isalnum():
        return value.upper()
    text = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in text if ch not in " -\t\r\n").upper()


def check_uscc(raw: str) -> Checked:
    value = normalise(raw)
    result = Checked(value)
    if len(value) != 18:
        result.errors.append(
            Problem(
                "uscc_length",
                f"统一社会信用代码应为18位，实为{len(value)}位",
                f"a unified social credit code has 18 characters, this one has {len(value)}",
            )
        )
        return result
    bad = sorted({ch for ch in value if ch not in USCC_ALPHABET})
    if bad:
        result.errors.append(
            Problem(
                "uscc_characters",
                f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用I、O、Z、S、V）",
                f"characters not allowed in a unified social credit code: {', '.join(bad)} "
                "(I, O, Z, S and V are never used)",
            )
        )
        return result
    if value[0] not in USCC_AUTHORITIES:
        result.errors.append(
            Problem(
                "uscc_authority",
                f"第1位登记管理部门代码“{value[0]}”无效（应为1-9、A、N或Y）",
                f"position 1 (registration authority) {value[0]!r} is not one of 1-9, A, N, Y",
            )
        )
    if not value[2:8].isdigit():
        result.errors.append(
            Problem(
                "uscc_region",
                "第3-8位行政区划码应为6位数字",
                "positions 3-8 (administrative region) must be six digits",
            )
        )
    expected = uscc_check_character(value)
    if value[17] != expected:
        result.errors.append(
            Problem(
                "uscc_checksum",
                f"校验码错误：第18位应为“{expected}”，实为“{value[17]}”",
                f"wrong check character: position 18 should be {expected!r}, not {value[17]!r}",
            )
        )
    return result


def check_resident_id(raw: str, today: datetime.date | None = None) -> Checked:
    value = normalise(raw)
    result = Checked(value)
    if (
        len(value) != 18
        or not value[:17].isdigit()
        or not (value[17].isdigit() or value[17] == "X")
    ):
        result.errors.append(
            Problem(
                "ric_format",
                "居民身份证号码应为17位数字加1位数字或X",
                "a resident identity number is 17 digits followed by a digit or X",
            )
        )
        return result
    expected = ric.calc_check_digit(value)
    if value[17] != expected:
        result.errors.append(
            Problem(
                "ric_checksum",
                f"校验码错误：第18位应为“{expected}”",
                f"wrong check character: position 18 should be {expected!r}",
            )
        )
    try:
        birth = ric.get_birth_date(value)
    except StdnumError:
        result.errors.append(
            Problem(
                "ric_birth_date",
                "第7-14位出生日期不是有效日期",
                "positions 7-14 are not a valid birth date",
            )
        )
        return result
    if birth > (today or timezone.localdate()):
        result.errors.append(
            Problem("ric_birth_future", "出生日期晚于今天", "the birth date is in the future")
        )
    if result.ok:
        try:
            ric.get_birth_place(value)
        except (StdnumError, KeyError):  # KeyError: stdnum's table lacks a county for some codes
            result.warnings.append(
                Problem(
                    "ric_birth_place",
                    "前6位地址码与出生年份不符或未登记（仅提示）",
                    "the address code is unknown or was not in use in the birth year (warning)",
                )
            )
    return result


def mask_resident_id(value: str) -> str:
    """The public form of an identity number: first four and last four characters."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
