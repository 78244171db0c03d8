"""The bigram tsvector finds exactly the rows a substring match finds."""

from __future__ import annotations

import pytest
from django.db import connection

from credit_platform.search import document_lexemes, tsquery_literal, tsvector_literal

NAMES = [
    "海南椰风食品有限公司",
    "海口南海明珠科技有限公司",
    "三亚蓝湾旅游开发有限公司",
    "海南航空控股股份有限公司",
    "Hainan Coconut Foods Co., Ltd.",
]


def test_cjk_text_gives_bigrams_and_characters_at_shared_positions() -> None:
    lexemes = document_lexemes(["海南椰风"])
    assert lexemes["海南"] == [1] and lexemes["海"] == [1]
    assert lexemes["南椰"] == [2] and lexemes["风"] == [4]


def test_latin_words_are_case_folded_and_full_width_normalised() -> None:
    assert "hainan" in document_lexemes(["ＨＡＩＮＡＮ Foods"])


def test_query_of_a_fragment_is_a_phrase_of_bigrams() -> None:
    assert tsquery_literal("南海明珠") == "('南海' <-> '海明' <-> '明珠')"
    assert tsquery_literal("  ") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fragment", ["海南", "南海", "有限公司", "明珠科技", "椰风", "coconut", "南航"]
)
def test_bigram_match_equals_substring_match(fragment: str) -> None:
    expected = {name for name in NAMES if fragment.casefold() in name.casefold()}
    query = tsquery_literal(fragment)
    found = set()
    with connection.cursor() as cursor:
        for name in NAMES:
            cursor.execute("SELECT %s::tsvector @@ %s::tsquery", [tsvector_literal([name]), query])
            if cursor.fetchone()[0]:
                found.add(name)
    assert found == expected


def test_punctuation_splits_words_and_quotes_in_codes_are_escaped() -> None:
    assert tsvector_literal(["O'Brien"]) == "'o':1 'brien':2"
    assert tsvector_literal([], ["a'b\\c"]) == "'a''b\\\\c':1"
