"""Every text the archive shows has a Danish translation, and every ARK code is registered."""

from __future__ import annotations

import ast
from pathlib import Path

from archive_helpers import ROOT
from babel.messages.pofile import read_po

from pulje.archive import codes as ark_codes
from pulje.diagnostics import Translator
from pulje.diagnostics.codes import REGISTRY, Code
from pulje.tools.catalog import po_path

ARCHIVE = ROOT / "pulje" / "archive"


def _msgids() -> set[str]:
    found: set[str] = set()
    for source in ARCHIVE.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in ("N_", "gettext", "ngettext"):
                for arg in node.args[: 2 if name == "ngettext" else 1]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.add(arg.value)
    return found


def test_every_message_has_a_danish_translation() -> None:
    with po_path("da").open("rb") as fh:
        catalog = read_po(fh, locale="da")
    translated: set[str] = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and all(strings):
            translated.update(ids)
    missing = sorted(_msgids() - translated)
    assert missing == []


def test_the_compiled_catalogue_has_the_archive_messages() -> None:
    # Fails if pulje/locale/da/LC_MESSAGES/pulje.mo was not rebuilt after editing pulje.po:
    # run  make catalogs
    da = Translator("da")
    same_in_danish = {"ID", "Version", "{n} entries"}  # the last is ngettext's plural msgid
    untranslated = sorted(m for m in _msgids() - same_in_danish if da.gettext(m) == m)
    assert untranslated == []
    assert da.ngettext("{n} entry", "{n} entries", 2) == "{n} arkivposter"


def test_ark_codes_are_registered_with_danish_summaries() -> None:
    defined = [v for v in vars(ark_codes).values() if isinstance(v, Code)]
    assert len(defined) >= 10
    for code in defined:
        assert REGISTRY[code.code] is code
        assert code.code.startswith("ARK") and code.summary and code.source
    assert REGISTRY["ARK011"].summary == "En arkiveret fil er ændret"


def test_paths_are_shown_as_given(tmp_path: Path) -> None:
    from pulje.archive import UnknownEntry

    err = UnknownEntry("abcdef123456", tmp_path / "arkiv")
    assert str(tmp_path / "arkiv") in err.text(Translator("da"))
