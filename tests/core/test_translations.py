"""Every user-visible string has its Chinese text, and the compiled catalogues are current."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib
import pytest

from tools.translations import catalogues


def _catalogue(mo: Path) -> dict[object, object]:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.parts[-5])
def test_every_string_is_translated(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == []


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.parts[-5])
def test_compiled_catalogue_matches_its_source(po_path: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.mo"
    polib.pofile(str(po_path)).save_as_mofile(str(fresh))
    assert _catalogue(po_path.with_suffix(".mo")) == _catalogue(fresh), "run `make messages`"
