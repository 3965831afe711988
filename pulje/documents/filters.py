"""Jinja filters of the Word templates: Danish formatting (through babel) and answer structure.

Every filter takes ``None`` (an unanswered field) to the empty text, so a blank form renders, and
fails loudly on a name the context lacks (``StrictUndefined`` must not be swallowed here).

==============  =============================  ==========================
filter          value                          text
==============  =============================  ==========================
``kr``          ``Decimal("2150000")``         ``2.150.000,00 kr.``
``pct``         ``Decimal("20")``              ``20 %``
``dato``        ``date(2017, 10, 1)``          ``1. oktober 2017``
``maaned``      ``date(2017, 10, 1)``          ``oktober 2017``
``maanedsnavn`` ``date(2016, 8, 1)``           ``august``
``kvartal``     ``Quarter(2017, 1)``           ``1. kvt. 2017``
``uger``        ``4``                          ``4 uger``
``antal``       ``1200``                       ``1.200``
``janej``       ``True`` / ``False``           ``ja`` / ``nej``
``liste``       ``["a", "b", "c"]``            ``a, b og c``
``iso_maaned``  ``date(2017, 10, 1)``          ``2017-10`` (content-control tags)
==============  =============================  ==========================

``afsnit`` splits a free-text answer into the paragraphs of its Word rendering (see
``Block``); ``hent`` and ``aktiviteter`` look values up in the answers' dicts without failing
on a month or quarter the user left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from jinja2 import Undefined

from pulje.diagnostics.i18n import Translator
from pulje.yamlsource import XML_ILLEGAL
from schemas.types import Quarter, format_month

LOCALE = "da_DK"
#: Style ids the answer paragraphs get (``ListBullet`` is Word's built-in "List Bullet").
STYLE_TEXT = "Svar"
STYLE_BULLET = "ListBullet"
BULLET = "- "

_TR: Translator | None = None


def _translator() -> Translator:
    global _TR
    if _TR is None:
        _TR = Translator("da")
    return _TR


def _defined(value: Any) -> Any:
    """Let an undefined name fail here, with Jinja's own message naming it."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    return value


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def kr(value: Any) -> str:
    """2150000 → ``2.150.000,00 kr.``"""
    if _defined(value) is None:
        return ""
    return _translator().kroner(_decimal(value))


def pct(value: Any) -> str:
    """20 → ``20 %``; 2.5 → ``2,5 %``"""
    if _defined(value) is None:
        return ""
    return _translator().percent(_decimal(value))


def dato(value: Any) -> str:
    """date(2017, 10, 1) → ``1. oktober 2017``"""
    if _defined(value) is None:
        return ""
    return _translator().date(value)


def maaned(value: Any) -> str:
    """date(2017, 10, 1) → ``oktober 2017``"""
    if _defined(value) is None:
        return ""
    return str(format_date(value, format="MMMM y", locale=LOCALE))


def maanedsnavn(value: Any) -> str:
    """date(2016, 8, 1) → ``august``"""
    if _defined(value) is None:
        return ""
    return str(format_date(value, format="MMMM", locale=LOCALE))


def iso_maaned(value: Any) -> str:
    """date(2017, 10, 1) → ``2017-10``, the form months take in answer files and tags."""
    if _defined(value) is None:
        return ""
    return format_month(value)


def kvartal(value: Any, year: int | None = None) -> str:
    """Quarter(2017, 1) or (1, year=2017) → ``1. kvt. 2017``; a bare 1 → ``1. kvt.``"""
    if _defined(value) is None:
        return ""
    if isinstance(value, Quarter):
        return value.label()
    return f"{int(value)}. kvt." + (f" {year}" if year is not None else "")


def uger(value: Any) -> str:
    """4 → ``4 uger``; 1 → ``1 uge``"""
    if _defined(value) is None:
        return ""
    number = _decimal(value)
    word = "uge" if number == 1 else "uger"
    return f"{format_decimal(number, locale=LOCALE)} {word}"


def antal(value: Any) -> str:
    """1200 → ``1.200``"""
    if _defined(value) is None:
        return ""
    return str(format_decimal(_decimal(value), locale=LOCALE))


def janej(value: Any) -> str:
    """True → ``ja``, False → ``nej``"""
    if _defined(value) is None:
        return ""
    return "ja" if value else "nej"


def tekst(value: Any) -> str:
    """Any value as text; None → empty."""
    if _defined(value) is None:
        return ""
    return str(value)


def liste(values: Any) -> str:
    """["a", "b", "c"] → ``a, b og c``"""
    items = [str(v) for v in _defined(values) or []]
    if not items:
        return ""
    return str(format_list(items, locale="da"))


def hent(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or None when the user left it out (a blank cell, not an error)."""
    if _defined(mapping) is None:
        return None
    return mapping.get(key)


def aktiviteter(tidsplan: Any, year: Any, quarter: Any) -> list[str]:
    """The activities of one quarter of the tidsplan (year → quarter → activities)."""
    if _defined(tidsplan) is None:
        return []
    found = (tidsplan.get(int(year)) or {}).get(int(quarter)) or []
    return [str(a) for a in found]


def celler(values: Any) -> list[str]:
    """A list of texts as the paragraphs of a table cell: at least one, maybe empty."""
    items = [str(v) for v in _defined(values) or []]
    return items or [""]


def raekker(values: Any, *fields: str) -> list[Any]:
    """The rows of a list table: the items, or one empty row (``fields`` all None) to fill in."""
    items = list(_defined(values) or [])
    return items or [dict.fromkeys(fields)]


class Block(dict[str, str]):
    """One paragraph of an answer in Word.

    ``tekst``: its text (a single newline inside becomes a line break); ``stil``: its paragraph
    style id, ``Svar`` or ``ListBullet``; ``hold``: ``"true"`` when the next paragraph follows
    it in the answer file after a single newline rather than a blank line (written as Word's
    "keep with next", so the importer can restore the exact text).
    """


def afsnit(value: Any) -> list[Block]:
    """Split a free-text answer into Word paragraphs.

    Blank lines separate paragraphs; a line beginning with "- " is a bullet of its own; any
    other line directly below a paragraph or bullet continues it (a line break). An empty
    answer gives one empty paragraph, so its content control is still there to be filled.
    """
    text = "" if _defined(value) is None else str(value)
    blocks: list[Block] = []
    after_blank = True
    for line in text.split("\n"):
        if not line.strip():
            after_blank = True
            continue
        if line.startswith(BULLET):
            if blocks and not after_blank:
                blocks[-1]["hold"] = "true"
            blocks.append(Block(tekst=line[len(BULLET):], stil=STYLE_BULLET, hold="false"))
        elif blocks and not after_blank:
            blocks[-1]["tekst"] += "\n" + line
        else:
            blocks.append(Block(tekst=line, stil=STYLE_TEXT, hold="false"))
        after_blank = False
    return blocks or [Block(tekst="", stil=STYLE_TEXT, hold="false")]


def join_blocks(blocks: Iterable[tuple[str, bool, bool]]) -> str:
    """The inverse of ``afsnit``: (text, is_bullet, hold) per paragraph → the answer's text.

    For issue 4's importer, which reads the paragraphs of a block-level content control.
    """
    out = ""
    hold_previous = False
    for i, (text, bullet, hold) in enumerate(blocks):
        if i:
            out += "\n" if hold_previous else "\n\n"
        out += (BULLET if bullet else "") + text
        hold_previous = hold
    return out


def xml_safe(value: Any) -> Any:
    """Strip characters Word's XML cannot hold from every text in ``value`` (nested)."""
    if isinstance(value, str):
        return XML_ILLEGAL.sub("", value).replace("\ue000", "")  # the renderer's own mark
    if isinstance(value, Mapping):
        return {xml_safe(k): xml_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(v) for v in value)
    return value


FILTERS: dict[str, Callable[..., Any]] = {
    "kr": kr,
    "pct": pct,
    "dato": dato,
    "maaned": maaned,
    "maanedsnavn": maanedsnavn,
    "iso_maaned": iso_maaned,
    "kvartal": kvartal,
    "uger": uger,
    "antal": antal,
    "janej": janej,
    "tekst": tekst,
    "liste": liste,
    "hent": hent,
    "aktiviteter": aktiviteter,
    "celler": celler,
    "raekker": raekker,
    "afsnit": afsnit,
}
