"""Mark the matched fragments of a name: escape every character first, then wrap the matches."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from credit_platform.search import fold


def _folded_with_origins(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each folded character the index of the character it came from."""
    whole = fold(text)
    if whole == text:  # the common case (Chinese, lower-case codes): positions map 1:1
        return text, list(range(len(text)))
    folded: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        piece = fold(char)
        folded.append(piece)
        origins.extend([index] * len(piece))
    return "".join(folded), origins


def matched_positions(text: str, terms: Iterable[str]) -> set[int]:
    """Indexes of the characters of ``text`` inside any occurrence of any term (folded)."""
    folded_terms = {fold(t) for t in terms if t}
    if not folded_terms or not text:
        return set()
    folded, origins = _folded_with_origins(text)
    marked: set[int] = set()
    for term in folded_terms:
        start = folded.find(term)
        while start != -1:
            marked.update(origins[start : start + len(term)])
            start = folded.find(term, start + 1)
    return marked


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """``text`` as HTML with each match in <mark>; nothing of ``text`` reaches HTML unescaped."""
    marked = matched_positions(text, terms)
    if not marked:
        return mark_safe(escape(text))  # noqa: S308 - escaped
    out: list[str] = []
    start = 0
    for index in sorted(marked):
        if index < start:
            continue
        end = index
        while end + 1 in marked:
            end += 1
        out.append(escape(text[start:index]))
        out.append("<mark>" + escape(text[index : end + 1]) + "</mark>")
        start = end + 1
    out.append(escape(text[start:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above went through escape()
