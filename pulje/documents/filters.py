"""Jinja filters of the Word templates: values printed by their kinds, and answer structure.

Every answer kind is a filter under its own word, printing a value as the kind's ``display``
does (``{{ svar.oekonomi.ansoegt_beloeb | beloeb }}`` → ``2.150.000,00 kr.``). The older names
below stay for templates a round ships itself. Every filter takes ``None`` (an unanswered
field) to the empty text, so a blank form renders, and fails loudly on a name the context lacks
(``StrictUndefined`` must not be swallowed here).

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
``afkrydset``   ``"spor1"``, ``'spor1'``       ``☒`` (a choice's option chosen), else ``☐``
==============  =============================  ==========================

``afsnit`` splits a free-text answer into the paragraphs of its Word rendering (the ``tekst``
kind's paragraphs, see ``Block``); ``hent`` and ``aktiviteter`` look values up in the answers'
dicts without failing on a month or quarter the user left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from jinja2 import Undefined

from pulje.yamlsource import XML_ILLEGAL
from schemas.kinds import kind, words
from schemas.kinds.budget import KATEGORI_NAVNE, Udgiftskategori
from schemas.kinds.tekst import join, paragraphs
from schemas.types import Quarter, format_month

LOCALE = "da_DK"
#: Style ids the answer paragraphs get (``ListBullet`` is Word's built-in "List Bullet").
STYLE_TEXT = "Svar"
STYLE_BULLET = "ListBullet"

def _defined(value: Any) -> Any:
    """Let an undefined name fail here, with Jinja's own message naming it."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    return value


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def shown_as(word: str) -> Callable[[Any], str]:
    """The filter of a kind: its ``display``, with an undefined name failing here."""
    shown = kind(word)

    def show(value: Any) -> str:
        return shown.display(_defined(value))

    show.__name__ = word
    show.__doc__ = f"A value of kind {word}, as the form prints it."
    return show


kr = shown_as("beloeb")
pct = shown_as("procent")
dato = shown_as("dato")
maaned = shown_as("maaned")


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


uger = shown_as("uger")
antal = shown_as("antal")
janej = shown_as("janej")


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
    """Split a free-text answer into Word paragraphs (the ``tekst`` kind's ``paragraphs``).

    Blank lines separate paragraphs; a line beginning with "- " is a bullet of its own; any
    other line directly below a paragraph or bullet continues it (a line break). An empty
    answer gives one empty paragraph, so its content control is still there to be filled.
    """
    text = "" if _defined(value) is None else str(value)
    return [Block(tekst=t, stil=STYLE_BULLET if bullet else STYLE_TEXT,
                  hold="true" if hold else "false") for t, bullet, hold in paragraphs(text)]


def join_blocks(blocks: Iterable[tuple[str, bool, bool]]) -> str:
    """The inverse of ``afsnit``: (text, is_bullet, hold) per paragraph → the answer's text.

    For the importer, which reads the paragraphs of a block-level content control.
    """
    return join(blocks)


def afkrydset(value: Any, option: str) -> str:
    """``☒`` when ``option`` is chosen in a choice's answer (an id or a list of ids), else
    ``☐``."""
    chosen = _defined(value)
    ids = [chosen] if isinstance(chosen, str) else list(chosen or [])
    return "☒" if option in ids else "☐"


def kategori(value: Any) -> str:
    """An expense category's id → its name in STAR's guide (``loen`` → ``Løn``)."""
    if _defined(value) is None:
        return ""
    try:
        return KATEGORI_NAVNE[Udgiftskategori(value)]
    except ValueError:
        return str(value)


def linjebeloeb(line: Any) -> Any:
    """An expense line's amount: as written, else units × unit price."""
    line = _defined(line) or {}
    if line.get("beloeb") is not None:
        return line["beloeb"]
    units, price = line.get("enheder"), line.get("enhedspris")
    if units is None or price is None:
        return None
    return (_decimal(units) * _decimal(price)).quantize(Decimal("0.01"))


def udgifter_i_alt(lines: Any) -> Decimal:
    """The sum of the expense lines' amounts."""
    amounts = [linjebeloeb(line) for line in _defined(lines) or []]
    return sum((a for a in amounts if a is not None), Decimal("0.00"))


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
    **{word: shown_as(word) for word in words()},
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
    "afkrydset": afkrydset,
    "kategori": kategori,
    "linjebeloeb": linjebeloeb,
    "udgifter_i_alt": udgifter_i_alt,
}
