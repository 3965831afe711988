"""Write answers as an answer file: YAML in the form's order, free-text answers as block scalars.

Written by hand rather than by PyYAML's dumper, so the file looks like one a person wrote (as
``pulje init`` makes them): ``|-`` blocks for text answers, ``ja``/``nej``, amounts as plain
numbers, months quoted. Every string that a literal block cannot hold exactly (leading blanks,
trailing blanks, characters YAML reads as line breaks) is written double-quoted with escapes, so
reading the file gives back exactly the values written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

INDENT = "  "
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Words YAML 1.1 reads as booleans or null: never written as plain keys or values.
_RESERVED = {
    "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~",
}
# What PyYAML's reader accepts unescaped (its NON_PRINTABLE complement), minus line breaks.
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_YAML_BREAKS = ("\x85", "\u2028", "\u2029", "\r")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}

TextPredicate = Callable[[tuple[Any, ...]], bool]


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back exactly."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _PRINTABLE.match(ch) and ch not in _YAML_BREAKS:
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def block_safe(text: str) -> bool:
    """Whether a ``|-`` literal block holds ``text`` exactly."""
    if not text or text[0] in " \t\n" or text[-1] in " \t\n":
        return False
    if any(b in text for b in _YAML_BREAKS):
        return False
    for line in text.split("\n"):
        if line != line.rstrip(" \t") or line.startswith("\t"):
            return False
        if not all(_PRINTABLE.match(ch) or ch == "\t" for ch in line):
            return False
    return True


def key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "ja" if key else "nej"
    if isinstance(key, int):
        return str(key)
    text = str(key.value if isinstance(key, Enum) else key)
    if _PLAIN_KEY.match(text) and text.lower() not in _RESERVED:
        return text
    return quoted(text)


def scalar_text(value: Any) -> str:
    """A value that fits on the key's line (not a block)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text if re.fullmatch(r"-?\d+(\.\d+)?", text) else quoted(text)
    if isinstance(value, date):
        return quoted(value.isoformat())
    if isinstance(value, Enum):
        return quoted(str(value.value))
    return quoted(str(value))


def _block(text: str, indent: str) -> list[str]:
    return ["|-", *[f"{indent}{line}" if line else "" for line in text.split("\n")]]


def _value_lines(value: Any, path: tuple[Any, ...], indent: str,
                 is_text: TextPredicate, none: str = "null") -> tuple[str, list[str]]:
    """(what follows "key:" on its line, the lines below it); ``none`` is how None is
    written ("" leaves the key empty, as ``pulje init`` does)."""
    if value is None:
        return (f" {none}" if none else ""), []
    if isinstance(value, Mapping):
        if not value:
            return " {}", []
        return "", _mapping(value, path, indent, is_text, none)
    if isinstance(value, list | tuple):
        if not value:
            return " []", []
        return "", _sequence(value, path, indent, is_text, none)
    if isinstance(value, str) and not isinstance(value, Enum) and (
        "\n" in value or is_text(path)
    ) and block_safe(value):
        head, *rest = _block(value, indent)
        return f" {head}", rest
    return f" {scalar_text(value)}", []


def _mapping(data: Mapping[Any, Any], path: tuple[Any, ...], indent: str,
             is_text: TextPredicate, none: str = "null") -> list[str]:
    lines: list[str] = []
    for key, value in data.items():
        lines += entry(key, value, (*path, key), indent, is_text, none=none)
    return lines


def _sequence(items: Sequence[Any], path: tuple[Any, ...], indent: str,
              is_text: TextPredicate, none: str = "null") -> list[str]:
    lines: list[str] = []
    for i, item in enumerate(items):
        here = (*path, i)
        if isinstance(item, Mapping) and item:
            inner = _mapping(item, here, indent + INDENT, is_text, none)
            first = inner[0][len(indent) + len(INDENT):]
            lines.append(f"{indent}- {first}")
            lines += inner[1:]
            continue
        head, rest = _value_lines(item, here, indent + INDENT, is_text, none)
        lines.append(f"{indent}-{head}")
        lines += rest
    return lines


def entry(key: Any, value: Any, path: tuple[Any, ...] | None = None, indent: str = "",
          is_text: TextPredicate = lambda path: False, *, none: str = "null") -> list[str]:
    """The lines of one ``key: value`` at ``indent`` (nested values below it), as ``dump``
    writes each (``path``: the value's path in the file, for ``is_text``, by default
    ``(key,)``; ``none``: how None is written)."""
    head, rest = _value_lines(value, path if path is not None else (key,), indent + INDENT,
                              is_text, none)
    return [f"{indent}{key_text(key)}:{head}", *rest]


def dump(data: Mapping[str, Any], *, header: Sequence[str] = (),
         is_text: TextPredicate = lambda path: False, blank_line_between: bool = True) -> str:
    """The answer file's text. ``is_text(path)`` marks the free-text answers (block scalars);
    any string with a line break is a block too. Top-level sections are set apart by a blank
    line."""
    lines = [f"# {line}".rstrip() for line in header]
    for key, value in data.items():
        head, rest = _value_lines(value, (key,), INDENT, is_text)
        if blank_line_between and isinstance(value, Mapping | list) and lines:
            lines.append("")
        lines.append(f"{key_text(key)}:{head}")
        lines += rest
    return "\n".join(lines) + "\n"


# --- what a dump reads back as, without writing and parsing it ----------------------------------

_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
#: Far below ``yamlsource``'s own limits, so that a value near them takes the long way.
_MAX_VALUES = 10_000
_MAX_DEPTH = 20


class _Unsure(Exception):
    """A value ``read_back`` does not vouch for: the caller dumps and parses."""


def read_back(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """What ``yamlsource.parse(dump(data))`` reads as its data, for the values a Word draft's
    answers hold (text, whole numbers, Decimal, ja/nej, dates, None, lists and mappings of
    them) — the same values, without writing and parsing the text (which costs more than
    reading the draft). None when ``data`` holds anything else, or a text YAML reads with a
    finding (a character Word cannot hold), or is near the parser's limits: then the caller
    takes the long way."""
    count = [0]
    if not data:
        return None  # an empty file: parse reads nothing at all
    try:
        return _mapping_back(data, 0, count)
    except _Unsure:
        return None


def _mapping_back(data: Mapping[Any, Any], depth: int, count: list[int]) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key, value in data.items():
        if isinstance(key, bool) or not isinstance(key, str | int) or isinstance(key, Enum):
            raise _Unsure
        if isinstance(key, str) and not _text_back(key):
            raise _Unsure  # an empty key: a finding of the parser
        out[key] = _back(value, depth + 1, count)
    return out


def _text_back(text: str) -> str:
    from pulje.yamlsource import XML_ILLEGAL

    if XML_ILLEGAL.search(text):
        raise _Unsure  # parse reports and removes it
    return text


def _back(value: Any, depth: int, count: list[int]) -> Any:
    count[0] += 1
    if count[0] > _MAX_VALUES or depth > _MAX_DEPTH:
        raise _Unsure
    if value is None:
        return None
    if isinstance(value, Enum):
        raise _Unsure
    if isinstance(value, bool):
        return "ja" if value else "nej"  # plain ja/nej: YAML 1.1 reads them as text
    if isinstance(value, str):
        return _text_back(value)  # a |- block or double-quoted: exactly the text
    if isinstance(value, int | Decimal):
        from pulje.yamlsource import plain_number

        text = scalar_text(value)
        if _WHOLE.fullmatch(text) or _DECIMAL.fullmatch(text):
            return plain_number(text)
        raise _Unsure
    if isinstance(value, date):
        return value.isoformat()  # quoted: the text
    if isinstance(value, Mapping):
        return _mapping_back(value, depth, count)
    if isinstance(value, list | tuple):
        return [_back(item, depth + 1, count) for item in value]
    raise _Unsure
