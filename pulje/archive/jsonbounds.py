"""JSON read with bounds, before any model sees it: what a record from outside may hold.

pulje's own records are far inside these bounds; a value outside is an error or an attack, and
would otherwise crash or stall whoever reads it (SQLite's integers end at 2**63, Python refuses
to read ints of 4,300 digits, a 10,000-deep list exhausts the stack, a 1e999999999 amount
cannot be printed). ``parse`` refuses it with an ``Absurd`` that says where and why (ARK024);
duplicate keys are refused too, so that two readers cannot see two different records.
"""

from __future__ import annotations

import json
import math
from typing import Any

from pulje.diagnostics.i18n import N_

MAX_INT_DIGITS = 19
MAX_DEPTH = 16
MAX_STRING = 65_536


class Absurd(ValueError):
    """A value no record of an application can hold; ``message`` is a msgid with ``params``,
    ``path`` the place (keys) in the record."""

    def __init__(self, message: str, path: tuple[str, ...] = (), **params: Any) -> None:
        super().__init__(message)
        self.message, self.path, self.params = message, path, params


class DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise Absurd(
            N_("manifest.json holds a whole number of {digits} digits; at most {limit} are "
               "allowed."),
            digits=len(text.lstrip("-")), limit=MAX_INT_DIGITS,
        )
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text) if len(text) <= 64 else float("inf")
    if not math.isfinite(value):
        _not_finite(text)
    return value


def _parse_constant(text: str) -> Any:
    _not_finite(text)


def _not_finite(text: str) -> None:
    raise Absurd(
        N_("manifest.json holds the number {value}, which is not a finite number."),
        value=text[:32] + ("…" if len(text) > 32 else ""),
    )


def too_deep() -> Absurd:
    return Absurd(N_("manifest.json is nested more than {limit} levels deep."), limit=MAX_DEPTH)


def shown_path(path: tuple[str, ...]) -> tuple[str, ...]:
    """A place in a record, each key cut to what a message can show."""
    return tuple(p[:64] for p in path)


def check_string(value: str, path: tuple[str, ...], limit: int = MAX_STRING) -> None:
    """``Absurd`` unless ``value`` is valid Unicode of at most ``limit`` characters."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from an escape such as "\ud800"
        raise Absurd(
            N_("manifest.json holds a text at {field} that is not valid Unicode."),
            shown_path(path), field=".".join(shown_path(path)) or "-",
        ) from None
    if len(value) > limit:
        raise Absurd(
            N_("manifest.json holds a text of {length} characters at {field}; at most {limit} "
               "are allowed."),
            shown_path(path), length=len(value), limit=limit,
            field=".".join(shown_path(path)) or "-",
        )


def check_shape(raw: Any) -> None:
    """No nesting deeper than MAX_DEPTH, no string longer than MAX_STRING (keys included)."""
    stack: list[tuple[Any, int, tuple[str, ...]]] = [(raw, 1, ())]
    while stack:
        value, depth, path = stack.pop()
        if depth > MAX_DEPTH:
            raise too_deep()
        if isinstance(value, dict):
            for key, item in value.items():
                check_string(key, path)
                stack.append((item, depth + 1, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, path) for item in value)
        elif isinstance(value, str):
            check_string(value, path)


def parse(text: str) -> Any:
    """The JSON value of ``text`` within the bounds. Raises ``Absurd``, ``DuplicateKey``,
    ``json.JSONDecodeError`` or ``RecursionError``."""
    raw = json.loads(
        text, object_pairs_hook=_no_duplicates, parse_int=_parse_int,
        parse_float=_parse_float, parse_constant=_parse_constant,
    )
    check_shape(raw)
    return raw
