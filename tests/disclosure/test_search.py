"""Public search: substring-equal matching, ranking, code prefixes, messages, paging, highlights."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from disclosure.highlight import highlight
from disclosure.selectors import SearchQueryError, subject_search
from tests.disclosure.factories import natural_person, organisation
from tests.factories import make_uscc

pytestmark = pytest.mark.django_db

NAMES = [
    "海南椰风食品有限公司",
    "海口南海明珠科技有限公司",
    "三亚蓝湾旅游开发有限公司",
    "海南航空控股股份有限公司",
    "儋州海南椰风贸易有限公司",
    "琼海市博鳌科技发展有限责任公司",
    "海口龙华区阿明海鲜排档",
    "文昌航天科技城开发有限公司",
    "Hainan Coconut Foods Co., Ltd.",
]


def ids(query: str, **kwargs: object) -> list[int]:
    return [hit.id for hit in subject_search(query=query, **kwargs).hits]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "fragment",
    [
        "海南",
        "南海",
        "有限公司",
        "明珠科技",
        "椰风",
        "科技",
        "海鲜",
        "航天科技城",
        "Coconut",
        "海口",
    ],
)
def test_name_matches_equal_substring_matches(fragment: str) -> None:
    subjects = [organisation(name) for name in NAMES]
    expected = {s.id for s in subjects if fragment.casefold() in s.name.casefold()}
    assert set(ids(fragment)) == expected


def test_former_names_are_searched_and_highlighted() -> None:
    subject = organisation("海南新名称有限公司", former_names=["海南旧椰林有限公司"])
    page = subject_search(query="旧椰林")
    assert [hit.id for hit in page.hits] == [subject.id]
    assert page.hits[0].former_names_html == ("海南<mark>旧椰林</mark>有限公司",)


def test_ranking_exact_name_then_prefix_then_relevance_then_id() -> None:
    other_single = organisation("儋州椰风贸易有限公司")
    other_double = organisation("三亚椰风椰风贸易有限公司")
    prefix = organisation("椰风食品有限公司")
    exact = organisation("椰风")
    later_single = organisation("文昌椰风贸易有限公司")
    order = ids("椰风")
    assert order[:3] == [exact.id, prefix.id, other_double.id]
    assert order[3:] == [other_single.id, later_single.id]


def test_exact_code_comes_before_other_codes_with_the_prefix() -> None:
    before = [organisation(f"甲{i}公司", uscc=make_uscc(prefix="91460100")) for i in range(3)]
    exact = organisation("乙公司", uscc=make_uscc(prefix="91460100"))
    organisation("丙公司", uscc=make_uscc(prefix="91460200"))
    assert ids(exact.uscc or "")[0] == exact.id
    prefix_hits = ids("91460100")
    assert prefix_hits[0] != exact.id  # a prefix alone is no exact match: id order
    assert set(prefix_hits) == {exact.id, *(s.id for s in before)}
    assert ids((exact.uscc or "")[:17])[0] == exact.id


def test_code_prefix_of_six_characters_finds_the_subject() -> None:
    target = organisation("海南椰风食品有限公司", uscc="91469027MA5T0BXX0K")
    organisation("三亚蓝湾旅游开发有限公司", uscc="91460200MA5RC1AT22")
    assert ids("914690") == [target.id]
    page = subject_search(query="914690")
    assert page.hits[0].uscc_html == "<mark>914690</mark>27MA5T0BXX0K"


def test_code_is_found_typed_in_lower_case_and_full_width() -> None:
    target = organisation("海南椰风食品有限公司", uscc="91469027MA5T0BXX0K")
    assert ids("91469027ma5t0bxx0k") == [target.id]
    assert ids("９１４６９０２７") == [target.id]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("海", "too_short"),
        ("a", "too_short"),
        ("914690", None),
        ("91469", "code_too_short"),
        ("9146", "code_too_short"),
        ("   ", "empty"),
        ("海" * 101, "too_long"),
    ],
)
def test_short_or_bad_queries_get_a_clear_message(query: str, code: str | None) -> None:
    if code is None:
        subject_search(query=query)
        return
    with pytest.raises(SearchQueryError) as caught:
        subject_search(query=query)
    assert caught.value.code == code
    assert caught.value.message


def test_natural_persons_never_appear() -> None:
    person = natural_person("海南椰风")
    company = organisation("海南椰风食品有限公司")
    assert ids("海南椰风") == [company.id]
    assert person.id not in ids("椰风")
    assert person.id_number and ids(person.id_number[:10]) == []


def test_highlighting_escapes_html_before_marking() -> None:
    organisation('<script>alert("海南")</script>&椰风有限公司')
    hit = subject_search(query="海南").hits[0]
    assert hit.name_html == (
        "&lt;script&gt;alert(&quot;<mark>海南</mark>&quot;)&lt;/script&gt;&amp;椰风有限公司"
    )


def test_highlight_marks_case_insensitively_and_joins_adjacent_terms() -> None:
    assert highlight("Hainan COCONUT <Foods>", ["coconut", "hainan"]) == (
        "<mark>Hainan</mark> <mark>COCONUT</mark> &lt;Foods&gt;"
    )
    assert highlight("ＡＢ海南", ["ab海"]) == "<mark>ＡＢ海</mark>南"


def test_pages_follow_each_other_without_counting() -> None:
    subjects = [organisation(f"海口椰风{i:02d}号贸易有限公司") for i in range(25)]
    with CaptureQueriesContext(connection) as queries:
        first = subject_search(query="椰风", limit=20)
    assert len(queries) == 1
    assert "count(" not in queries[0]["sql"].lower()
    assert len(first.hits) == 20 and first.next_cursor
    second = subject_search(query="椰风", after=first.next_cursor, limit=20)
    assert second.next_cursor is None
    seen = [hit.id for hit in first.hits + second.hits]
    assert sorted(seen) == sorted(s.id for s in subjects)


def test_a_broken_cursor_is_a_clear_error() -> None:
    with pytest.raises(SearchQueryError) as caught:
        subject_search(query="椰风", after="not-a-cursor")
    assert caught.value.code == "bad_cursor"


@given(
    text=st.text(alphabet="海南椰风aAｂB<>&\"' ", max_size=30),
    terms=st.lists(st.text(alphabet="海南椰风abAB<&", min_size=1, max_size=3), max_size=3),
)
def test_highlight_keeps_the_text_and_marks_only_matches(text: str, terms: list[str]) -> None:
    html = str(highlight(text, terms))
    assert unescape(html.replace("<mark>", "").replace("</mark>", "")) == text
    assert "<mark></mark>" not in html and "</mark><mark>" not in html
    for marked in re.findall(r"<mark>(.*?)</mark>", html):
        assert "<" not in marked.replace("&lt;", "")
