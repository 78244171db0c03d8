"""Fill-in variables and the content hash of a signed commitment.

Variables are ``{{name}}`` placeholders replaced in one pass by plain text: no template
engine runs over an authority's or a signer's words, so a value cannot inject markup
or template code, and a value containing ``{{x}}`` is never expanded again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]{0,39})\s*\}\}")
VARIABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Filled by the platform from the subject and the signing form, never declared by a template.
BUILT_IN = ("subject_name", "subject_code", "matter", "date")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def substitute(text: str, values: Mapping[str, str]) -> str:
    """Replace each known placeholder with its value; unknown ones stay visible as written."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def canonical_json(
    *,
    texts: Mapping[str, str],
    subject_code: str,
    signer: str,
    signed_at: dt.datetime,
) -> str:
    """The exact bytes that the content hash covers, so anyone can recompute it."""
    document: dict[str, Any] = {
        **texts,
        "signed_at": signed_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "signer": signer,
        "subject": subject_code,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
