"""Build the message catalogue: every package's ``locale/<lang>.po`` merged into one .mo.

Run ``python -m diagnostics.catalog`` after editing a .po file (``make catalogs`` does).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from diagnostics.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent


def sources(lang: str) -> list[Path]:
    return sorted(ROOT.glob(f"*/locale/{lang}.po"))


def merged(lang: str) -> Catalog:
    catalog = Catalog(locale=lang, domain=DOMAIN)
    for po in sources(lang):
        with po.open("rb") as fh:
            part = read_po(fh, locale=lang)
        for message in part:
            if message.id:
                catalog[message.id] = message
    return catalog


def compiled(lang: str) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, merged(lang))
    return buf.getvalue()


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def main() -> int:
    for lang in LANGUAGES:
        if not sources(lang):
            continue
        target = mo_path(lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(compiled(lang))
        tmp.replace(target)
        print(f"{target.relative_to(ROOT)}: {len(merged(lang))} beskeder")
    return 0


if __name__ == "__main__":
    sys.exit(main())
