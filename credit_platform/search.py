"""Search tokens for Chinese and Latin text, made in Python for a `simple` tsvector.

CJK runs become overlapping character bigrams, each at the position of its first
character, plus the single characters at the same positions; other text becomes
lower-cased words; codes stay whole. A query is tokenised the same way and matched
as a phrase, which gives the rows a substring match gives (DESIGN.md, Search).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_RUN = re.compile(rf"([{_CJK}]+)|([0-9a-z]+)")
_POSITION_GAP = 10  # between separate texts, so no phrase spans two names
_MAX_POSITION = 16383  # PostgreSQL's limit for a tsvector position


def fold(text: str) -> str:
    """NFKC and case-fold in Python: the server's lower() depends on its locale."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def _runs(text: str) -> list[tuple[bool, str]]:
    return [(bool(m.group(1)), m.group(0)) for m in _RUN.finditer(fold(text))]


def document_lexemes(texts: Iterable[str], codes: Iterable[str] = ()) -> dict[str, list[int]]:
    """Lexeme -> positions for the stored vector of one row."""
    lexemes: dict[str, list[int]] = {}
    pos = 1

    def add(token: str, at: int) -> None:
        if at <= _MAX_POSITION:
            lexemes.setdefault(token, []).append(at)

    for text in texts:
        for is_cjk, run in _runs(text):
            if is_cjk:
                for i, ch in enumerate(run):
                    add(ch, pos + i)
                    if i + 1 < len(run):
                        add(run[i : i + 2], pos + i)
                pos += len(run)
            else:
                add(run, pos)
                pos += 1
        pos += _POSITION_GAP
    for code in codes:
        if code:
            add(fold(code), pos)
            pos += 1
    return lexemes


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(texts: Iterable[str], codes: Iterable[str] = ()) -> str:
    """The text form of a tsvector, to be cast with ``::tsvector``."""
    return " ".join(
        f"{_quote(lex)}:{','.join(map(str, sorted(set(pos))[:256]))}"
        for lex, pos in document_lexemes(texts, codes).items()
    )


def query_terms(text: str) -> list[str]:
    """Phrase parts of a query: a CJK fragment's bigrams, or a word."""
    parts: list[str] = []
    for is_cjk, run in _runs(text):
        if is_cjk and len(run) > 1:
            parts.append(" <-> ".join(_quote(run[i : i + 2]) for i in range(len(run) - 1)))
        else:
            parts.append(_quote(run))
    return parts


def tsquery_literal(text: str) -> str | None:
    """A tsquery in text form (cast with ``::tsquery``); CJK fragments match as phrases."""
    parts = query_terms(text)
    if not parts:
        return None
    return " & ".join(f"({part})" for part in parts)
