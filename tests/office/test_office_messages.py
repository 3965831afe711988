"""Every message the office package can show has a Danish translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract
from babel.messages.pofile import read_po

from pulje import office
from pulje.diagnostics.i18n import Translator
from pulje.tools.catalog import po_path

OFFICE = Path(office.__file__).parent


def _msgids() -> set[str]:
    found = set()
    for source in OFFICE.glob("*.py"):
        with source.open("rb") as fh:
            for _line, message, _comments, _context in extract(
                "python", fh, keywords={"N_": None}
            ):
                assert isinstance(message, str)
                found.add(message)
    return found


def test_every_office_message_is_in_the_danish_po_file() -> None:
    with po_path("da").open("rb") as fh:
        catalog = read_po(fh, locale="da")
    translated = {m.id for m in catalog if m.id and m.string}
    msgids = _msgids()
    assert len(msgids) > 20
    assert msgids <= translated


def test_the_compiled_catalogue_has_them() -> None:
    # Fails when pulje.po was edited without running `make catalogs`.
    da = Translator("da")
    assert [m for m in _msgids() if da.gettext(m) == m] == []
