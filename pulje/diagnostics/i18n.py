"""Message catalogues (babel/gettext) and locale-aware formatting of message parameters."""

from __future__ import annotations

import gettext
import io
import os
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pulje.diagnostics.model import Count, Kr, Location, Month, Msg, Pct, Plural
from pulje.diagnostics.numbers import format_decimal
from pulje.diagnostics.wording import unit_word

# The one catalogue, pulje/locale/<lang>/LC_MESSAGES/pulje.mo: package data beside the modules,
# found from this file so that an installed pulje finds it from any folder (importlib.resources
# would cost `pulje validate` its tempfile, random and zipfile modules).
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "pulje"
LANGUAGES = ("da", "en")
_BABEL_LOCALE = {"da": "da_DK", "en": "en_GB"}


def N_(msgid: str) -> str:
    """Mark a string for extraction; it is translated when shown, not here."""
    return msgid


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and plural msgid for extraction (translated with ``ngettext``)."""
    return singular, plural


#: Counted nouns that many messages use, as a ``Count`` parameter: ``Count(n, *FILES)``.
FILES = NP_("{n} file", "{n} files")
PAGES = NP_("{n} page", "{n} pages")


def default_language() -> str:
    """Danish unless the environment's locale asks for English."""
    for var in ("PULJE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "da"
    return "da"


@lru_cache(maxsize=4)
def translations(lang: str) -> gettext.NullTranslations:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.is_file():
        if lang == "en":  # English is the msgids themselves
            return gettext.NullTranslations()
        raise FileNotFoundError(f"no message catalogue {mo}")
    return gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))


class Translator:
    """Turns msgids and typed parameters into text in one language."""

    def __init__(self, lang: str = "da") -> None:
        self.lang = lang
        self._t = translations(lang)
        self.locale = _BABEL_LOCALE[lang]

    def gettext(self, msgid: str) -> str:
        return self._t.gettext(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    # babel is imported where it is used (dates): `pulje validate` starts faster without
    # loading babel's locale data; numbers are written by diagnostics.numbers, as babel would.
    def value(self, value: Any) -> str:
        """A message parameter as text; never an error (babel cannot format numbers from
        about 10^25, Python no int of more than 4300 digits): such a value is shown plainly."""
        try:
            return self._value(value)
        except (ArithmeticError, ValueError):
            try:
                return str(value)
            except ValueError:
                return "…"

    def _value(self, value: Any) -> str:
        if isinstance(value, Count):
            return self.counted(value.n, value.singular, value.plural)
        if isinstance(value, Msg):
            return self.gettext(value)
        if isinstance(value, Kr):
            return self.kroner(value)
        if isinstance(value, Pct):
            return self.percent(value)
        if isinstance(value, bool):
            return self.gettext("yes") if value else self.gettext("no")
        if isinstance(value, int | Decimal):
            return format_decimal(value, self.lang)
        if isinstance(value, Month):
            from babel.dates import format_date

            return str(format_date(value, format="MMMM y", locale=self.locale))
        if isinstance(value, date):
            return self.date(value)
        return str(value)

    def kroner(self, amount: Decimal) -> str:
        number = format_decimal(amount, self.lang, "#,##0.00")
        if self.lang == "da":
            # STAR writes "2.150.000,00 kr."; CLDR's da_DK pattern puts "kr." last with a space.
            return f"{number} kr."
        return f"DKK {number}"

    def quantity(self, count: Decimal | int, unit: str | None) -> str:
        """A number with its unit in Danish, the unit in plural when the number is not 1:
        ``24 måneder``, ``1 time``, ``4 kursusdage`` (a unit word pulje does not know is
        written as given)."""
        number = format_decimal(count, self.lang, "#,##0.####")
        word = " ".join((unit or "").split())
        return f"{number} {unit_word(word, count)}" if word else number

    def percent(self, value: Decimal) -> str:
        number = format_decimal(value, self.lang, "#,##0.##")
        return f"{number} %" if self.lang == "da" else f"{number}%"

    def date(self, value: date) -> str:
        from babel.dates import format_date

        return str(format_date(value, format="d. MMMM y" if self.lang == "da" else "d MMMM y",
                               locale=self.locale))

    def where(self, location: Location) -> str:
        """A place in a user's file: ``file:line:col``, or ``file:side 3`` (``page 3``)."""
        if location.line is not None:
            return f"{location.file}:{location.line}:{location.col or 1}"
        if location.page is not None:
            return f"{location.file}:{self.gettext('page')} {location.page}"
        return location.file

    def counted(self, n: int, singular: str, plural: str) -> str:
        """``{n} …`` in the form the number takes, the number written as the language writes
        it: ``counted(1200, "{n} file", "{n} files")`` → "1.200 filer"."""
        return self.ngettext(singular, plural, n).format(n=self.value(n))

    def format(self, msgid: str, params: dict[str, Any]) -> str:
        if isinstance(msgid, Plural):
            number = params.get(msgid.n, 0)
            text = self.ngettext(msgid, msgid.plural, number if isinstance(number, int) else 0)
        else:
            text = self.gettext(msgid)
        if not params:
            return text
        return text.format(**{k: self.value(v) for k, v in params.items()})
