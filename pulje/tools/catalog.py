"""The message catalogue: what stock babel cannot do for pulje.

The catalogue is babel's standard layout, built with stock ``pybabel`` (``make catalogs``)::

    pulje/locale/pulje.pot                      every msgid in the code (pybabel extract)
    pulje/locale/da/LC_MESSAGES/pulje.po        the Danish translations (pybabel update)
    pulje/locale/da/LC_MESSAGES/pulje.mo        compiled (pybabel compile), shipped in the wheel

English is the msgids themselves and needs no catalogue. This module adds two things:

- ``extract_python``, the extraction method ``babel.cfg`` names: babel's own, with pulje's
  keywords, plus the calls inside f-strings (before Python 3.12 an f-string is one token, so
  ``f"{tr.gettext('Budget')}: …"`` hides its msgid from babel);
- ``check``: every msgid has a Danish translation (not fuzzy) whose ``{placeholders}`` are
  the msgid's. ``python -m pulje.tools.catalog`` prints what is wrong and exits 1.
"""

from __future__ import annotations

import ast
import io
import string
import sys
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_python as babel_extract_python
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "pulje" / "locale"
DOMAIN = "pulje"
POT = LOCALE / f"{DOMAIN}.pot"
CHECKED_LANGUAGE = "da"

# The calls whose string arguments are msgids, fixed here so that ``pybabel extract -F
# babel.cfg`` needs no -k options. ``gettext``, ``ngettext`` and ``format`` are the methods of
# ``Translator`` (``tr.gettext('…')``, ``tr.format('…', params)``): babel's python extractor
# matches the name before "(" whatever object it is called on. ``str.format`` on a literal
# (``"…".format(n=…)``) has no string argument, so it adds nothing.
KEYWORDS: dict[str, Any] = {
    "N_": None,
    "NP_": (1, 2),
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "format": None,
}

MsgId = str | tuple[str, ...] | list[str]
# What an extraction method yields, as babel declares it.
_Raw = tuple[int, str | tuple[str, ...], list[str], str | None]


def po_path(lang: str = CHECKED_LANGUAGE) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str = CHECKED_LANGUAGE) -> Path:
    return po_path(lang).with_suffix(".mo")


# --- extract ---------------------------------------------------------------------------------

def extract_python(
    fileobj: Any, keywords: Mapping[str, Any], comment_tags: Collection[str], options: Any,
) -> Iterator[_Raw]:
    """Babel's python extractor with pulje's ``KEYWORDS``, plus the calls inside f-strings.

    Each expression inside an f-string is given to babel's extractor alone (where babel sees
    them itself, extraction merges the two finds into one message)."""
    del keywords  # pulje's own (KEYWORDS), whatever the command line says
    source = fileobj.read()
    for lineno, funcname, messages, comments in babel_extract_python(
        io.BytesIO(source), KEYWORDS, comment_tags, options
    ):
        yield _as_stock(lineno, funcname, messages, comments)
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a file being edited: babel's tokenizer has done what it can
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue):
            code = ast.unparse(node.value).encode("utf-8")
            for lineno, funcname, messages, comments in babel_extract_python(
                io.BytesIO(code), KEYWORDS, comment_tags, options
            ):
                yield _as_stock(node.lineno + lineno - 1, funcname, messages, comments)


def _as_stock(lineno: int, funcname: Any, messages: Any, comments: Any) -> _Raw:
    """The find under the name of babel's default keyword that takes the same arguments:
    babel picks a call's msgids by looking its name up among the command line's keywords.
    (babel declares an extraction method's tuples loosely; they are passed on as they are.)"""
    stock = "ngettext" if KEYWORDS[funcname] == (1, 2) else "gettext"
    return lineno, stock, messages, comments


# --- check -----------------------------------------------------------------------------------

def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def placeholders(text: str) -> Counter[str]:
    """The ``{placeholders}`` of a str.format text, as written (name, conversion, spec)."""
    out: Counter[str] = Counter()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            out["{" + name + (f"!{conversion}" if conversion else "") +
                (f":{spec}" if spec else "") + "}"] += 1
    return out


def _singular(msgid: MsgId) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a translation, said in Danish for whoever maintains it."""

    kind: str  # "missing", "placeholders"
    where: str
    msgid: MsgId
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.where}: {_singular(self.msgid)!r}"
        return f"{text}\n      {self.detail}" if self.detail else text


def _is_translated(message: Message) -> bool:
    if message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings)


def _placeholder_problem(msgid: str, msgstr: str) -> str:
    try:
        wanted, got = placeholders(msgid), placeholders(msgstr)
    except ValueError as exc:
        return f"ugyldige krøllede parenteser: {exc}"
    if wanted == got:
        return ""
    lost = ", ".join(sorted((wanted - got).elements()))
    extra = ", ".join(sorted((got - wanted).elements()))
    parts = [f"mangler {lost}" if lost else "", f"har i stedet {extra}" if extra else ""]
    return f"{' og '.join(p for p in parts if p)} i {msgstr!r}"


def check(po: Path | None = None, lang: str = CHECKED_LANGUAGE) -> list[Problem]:
    """Msgids without a translation (or a fuzzy one), and translations whose placeholders
    differ from their msgid's."""
    path = po or po_path(lang)
    out = []
    for message in read(path, lang):
        if not message.id:
            continue
        where = f"{path.name}:{message.lineno}"
        if not _is_translated(message):
            detail = "står som fuzzy og kommer derfor ikke med i .mo-filen" if message.fuzzy else ""
            out.append(Problem("missing", where, message.id, detail))
            continue
        if isinstance(message.id, str):
            pairs = [(message.id, str(message.string))]
        else:
            singular, plural = message.id[0], message.id[1]
            strings = message.string if isinstance(message.string, tuple | list) else ()
            pairs = [(singular if i == 0 else plural, s) for i, s in enumerate(strings)]
        for msgid, msgstr in pairs:
            problem = _placeholder_problem(msgid, msgstr)
            if problem:
                out.append(Problem("placeholders", where, message.id, problem))
    return out


_HEADINGS = {
    "missing": "Mangler dansk oversættelse",
    "placeholders": "Pladsholderne i oversættelsen passer ikke med msgid",
}


def main(argv: list[str] | None = None) -> int:
    del argv
    problems = check()
    for kind, heading in _HEADINGS.items():
        these = [p for p in problems if p.kind == kind]
        if these:
            print(f"{heading} ({len(these)}):")
            for p in these:
                print(f"  {p}")
    if problems:
        return 1
    total = len([m for m in read(po_path(), CHECKED_LANGUAGE) if m.id])
    print(f"Alle {total} beskeder har en dansk oversættelse med de rigtige pladsholdere.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
