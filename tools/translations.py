"""Translation catalogues: fill in Chinese text and compile .mo files without gettext.

python tools/translations.py compile          # every <app>/locale/zh_Hans .po -> .mo
python tools/translations.py fill FILE.json   # {"msgid": "译文"} into the matching .po files
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APPS = ["credit_platform", "catalogue", "collection", "disclosure", "commitments"]


def catalogues() -> list[Path]:
    return [
        path
        for app in APPS
        if (path := ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").exists()
    ]


def compile_all() -> None:
    for path in catalogues():
        po = polib.pofile(str(path))
        po.save_as_mofile(str(path.with_suffix(".mo")))
        print(f"{path.relative_to(ROOT)}: {len(po.translated_entries())} translated")


def fill(mapping_file: str) -> None:
    mapping = json.loads(Path(mapping_file).read_text(encoding="utf-8"))
    for path in catalogues():
        po = polib.pofile(str(path))
        for entry in po:
            if entry.msgid in mapping:
                entry.msgstr = mapping[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save()
    compile_all()


if __name__ == "__main__":
    if sys.argv[1:2] == ["compile"]:
        compile_all()
    elif sys.argv[1:2] == ["fill"] and len(sys.argv) == 3:
        fill(sys.argv[2])
    else:
        sys.exit(__doc__)
