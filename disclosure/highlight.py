"""Mark the matched fragments of a name: escape every character first, then wrap the matches."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from credit_platform.search import fold


def _folded_with_origins(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each folded character the index of the character it came from."""
    folded: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        piece = fold(char)
        folded.append(piece)
        origins.extend([index] * len(piece))
    return "".join(folded), origins


def matched_positions(text: str, terms: Iterable[str]) -> set[int]:
    """Indexes of the characters of ``text`` inside any occurrence of any term (folded)."""
    folded, origins = _folded_with_origins(text)
    marked: set[int] = set()
    for term in {fold(t) for t in terms if t}:
        start = folded.find(term)
        while start != -1:
            marked.update(origins[start : start + len(term)])
            start = folded.find(term, start + 1)
    return marked


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """``text`` as HTML with each match in <mark>; nothing of ``text`` reaches HTML unescaped."""
    marked = matched_positions(text, terms)
    out: list[str] = []
    inside = False
    for index, char in enumerate(text):
        if (index in marked) != inside:
            out.append("<mark>" if not inside else "</mark>")
            inside = not inside
        out.append(escape(char))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every character above went through escape()
