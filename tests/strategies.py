"""Hypothesis strategies for identifiers and field values."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from credit_platform.identifiers import USCC_ALPHABET, USCC_AUTHORITIES

TODAY = datetime.date(2026, 11, 26)


@st.composite
def valid_usccs(draw: st.DrawFn) -> str:
    body = (
        draw(st.sampled_from(USCC_AUTHORITIES))
        + draw(st.sampled_from(USCC_ALPHABET))
        + draw(st.text("0123456789", min_size=6, max_size=6))
        + draw(st.text(USCC_ALPHABET, min_size=9, max_size=9))
    )
    return body + uscc.calc_check_digit(body)


@st.composite
def valid_resident_ids(draw: st.DrawFn) -> str:
    birth = draw(st.dates(datetime.date(1900, 1, 1), TODAY))
    body = (
        draw(st.text("0123456789", min_size=6, max_size=6))
        + birth.strftime("%Y%m%d")
        + draw(st.text("0123456789", min_size=3, max_size=3))
    )
    return body + ric.calc_check_digit(body + "0")
