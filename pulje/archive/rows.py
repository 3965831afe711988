"""Reading the index's rows with suspicion: what an older, damaged or hostile program wrote.

SQLite keeps whatever type a value was given, whatever the column says, so a row may hold a
text where a number belongs, a time that is not one, an amount of 1e999999999 or a hash that is
no hash. ``problems`` names the columns of a row (by the index's schema 2 names) that hold such
values; the archive shows the rest of its entries and says which one is damaged, instead of
crashing on it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pulje.archive.manifest import MAX_AMOUNT, MAX_FILE_BYTES, MAX_PAGES, YEARS, valid_name
from pulje.archive.manifest import time_of as manifest_time
from pulje.diagnostics.wording import shorten

MAX_TEXT = 4096  # longer than any manifest may now give (1,000), for what older ones wrote
_HEX = frozenset("0123456789abcdef")


def _hex(value: Any, low: int = 64, high: int = 64) -> bool:
    return isinstance(value, str) and low <= len(value) <= high and set(value) <= _HEX


def _text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _integer(low: int, high: int) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high

    return check


def time_of(value: Any) -> datetime | None:
    """A time from the index: ISO 8601 with a zone, in years pulje accepts; else None."""
    when = manifest_time(value)
    return when if when is not None and YEARS[0] <= when.year <= YEARS[1] else None


def amount_of(value: Any) -> Decimal | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and 0 <= amount < MAX_AMOUNT else None


ENTRY_CHECKS: dict[str, Callable[[Any], bool]] = {
    "id": lambda v: _hex(v, 6, 64),
    "package_sha256": _hex,
    "manifest_sha256": _hex,
    "manifest_bytes": _integer(0, MAX_FILE_BYTES),
    "tidspunkt": lambda v: time_of(v) is not None,
    "archived_at": lambda v: time_of(v) is not None,
    "pulje": _text,
    "runde": _text,
    "kommune": _text,
    "projekt": _text,
    "version": _text,
    "template_sha256": _text,
    "beloeb": lambda v: amount_of(v) is not None,
    "sider": _integer(0, MAX_PAGES),
    "udgave": _integer(1, 2**31),
    "previous_id": lambda v: v is None or _hex(v, 6, 64),
    "total_bytes": _integer(0, MAX_FILE_BYTES),
}
FILE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "name": lambda v: isinstance(v, str) and valid_name(v),
    "sha256": _hex,
    "bytes": _integer(0, MAX_FILE_BYTES),
}


def problems(row: sqlite3.Row, checks: dict[str, Callable[[Any], bool]] = ENTRY_CHECKS
             ) -> list[str]:
    """The columns of ``row`` (of those it has) whose values cannot be right."""
    keys = set(row.keys())
    return [column for column, ok in checks.items() if column in keys and not ok(row[column])]


def label(value: Any) -> str:
    """A row's ID (or whatever stands in its place) as it can safely be shown."""
    text = value if isinstance(value, str) else repr(value)
    return text[:64] + ("…" if len(text) > 64 else "")


_UNSHOWABLE = {c: " " for c in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]}
_UNSHOWABLE |= {c: "" for c in [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F),
                                *range(0x2066, 0x206A)]}


def plain(text: str, width: int | None = None) -> str:
    """Text from the archive as one line that cannot break a table or a terminal: control
    characters and line breaks become spaces, direction marks are dropped, runs of spaces
    shrink to one, and (with ``width``) a long text is cut with "…"."""
    text = " ".join(text.translate(_UNSHOWABLE).split())
    return shorten(text, width) if width is not None else text
