"""Danish and English numbers as babel writes them ("2.150.000,00" / "2,150,000.00"), without
loading babel.

Loading babel's locale data costs `pulje validate` about a tenth of its run (the data of one
locale is a pickle that pulls in babel's date module and pytz), and a message with an amount is
the common case. For the patterns pulje uses (``#,##0.###``, ``#,##0.00``, ``#,##0.##``) and the
two languages the rules are simple: round half to even to the most decimals, drop trailing
zeros down to the fewest, group the whole part by thousands, and put a minus before a negative
(even a negative zero, as babel does). A test holds the result to babel's for many numbers; any
value outside the plain cases (not finite, huge, a bool) is left to babel.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

#: (grouping, decimal) separators of CLDR's da_DK and en_GB.
SYMBOLS = {"da": (".", ","), "en": (",", ".")}
#: babel's pattern → (fewest, most) decimals.
PATTERNS = {"#,##0.###": (0, 3), "#,##0.00": (2, 2), "#,##0.##": (0, 2)}
_MAX_DIGITS = 18  # larger numbers go to babel (they come near the decimal context's precision)


def format_decimal(value: Any, lang: str, pattern: str = "#,##0.###") -> str:
    """``value`` written in ``lang`` with ``pattern``, exactly as babel's ``format_decimal``."""
    text = _plain(value, lang, pattern)
    if text is not None:
        return text
    from babel.numbers import format_decimal as babel_format

    locale = {"da": "da_DK", "en": "en_GB"}.get(lang, lang)
    return str(babel_format(value, format=pattern, locale=locale))


def _plain(value: Any, lang: str, pattern: str) -> str | None:
    if lang not in SYMBOLS or pattern not in PATTERNS or isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal) and value.is_finite():
        number = value
    else:
        return None
    if number and number.adjusted() >= _MAX_DIGITS:
        return None
    fewest, most = PATTERNS[pattern]
    try:
        rounded = number.quantize(Decimal(1).scaleb(-most), rounding=ROUND_HALF_EVEN)
    except InvalidOperation:
        return None
    whole, _, fraction = format(abs(rounded), "f").partition(".")
    fraction = fraction.rstrip("0")
    fraction = fraction + "0" * (fewest - len(fraction))
    group, point = SYMBOLS[lang]
    grouped = f"{int(whole):,}".replace(",", group)
    sign = "-" if rounded.is_signed() else ""
    return f"{sign}{grouped}{point}{fraction}" if fraction else f"{sign}{grouped}"
