"""The message catalogue: extract the msgids from the code, check the translations, compile.

Each package keeps its translations in ``<package>/locale/<lang>.po``; the msgids of the top-level
``cli.py`` belong in ``diagnostics/locale/<lang>.po``. All of them are merged into one .mo.

    python -m diagnostics.catalog            compile the .po files into the .mo (``make catalogs``)
    python -m diagnostics.catalog check      list msgids in the code without a Danish translation,
                                             and translations whose {placeholders} differ from
                                             their msgid's; exit 1 if there are any
    python -m diagnostics.catalog extract    print every msgid in the code as a .pot template
"""

from __future__ import annotations

import argparse
import ast
import io
import string
import sys
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from pulje.diagnostics.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
CHECKED_LANGUAGE = "da"

# The calls whose string arguments are msgids. ``gettext``, ``ngettext`` and ``format`` are the
# methods of ``Translator`` (``tr.gettext('…')``, ``tr.format('…', params)``): babel's python
# extractor matches the name before "(" whatever object it is called on. ``str.format`` on a
# literal (``"…".format(n=…)``) has no string argument, so it adds nothing.
KEYWORDS: dict[str, Any] = {
    "N_": None,
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "format": None,
}

# Top-level folders with an __init__.py that are not part of the program.
NOT_ENGINE = frozenset({"tests", "bench", "docs"})
# Top-level modules, and the package whose catalogue holds their msgids.
MODULES = {"cli.py": "diagnostics"}

# A fixed date in the .mo header, so that compiling unchanged .po files gives the same file.
_HEADER_DATE = datetime(2016, 1, 1, tzinfo=UTC)

MsgId = str | tuple[str, ...] | list[str]
# What an extraction method yields, as babel declares it.
_Raw = tuple[int, str | tuple[str, ...], list[str], str | None]


# --- extract ---------------------------------------------------------------------------------

def extract_python_fstrings(
    fileobj: Any, keywords: Mapping[str, Any], comment_tags: Collection[str],
    options: Any,
) -> Iterator[_Raw]:
    """Babel's python extractor, plus the calls inside f-strings.

    Before Python 3.12 an f-string is one token, so ``f"{tr.gettext('Budget')}: …"`` hides its
    msgid from babel. Each expression inside an f-string is given to babel's extractor alone.
    (Where babel sees them itself, ``extract`` merges the two finds into one message.)
    """
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a file being edited: babel's tokenizer has done what it can
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue):
            code = ast.unparse(node.value).encode("utf-8")
            for lineno, funcname, messages, comments in extract_python(
                io.BytesIO(code), keywords, comment_tags, options
            ):
                yield node.lineno + lineno - 1, funcname, messages, comments


def packages() -> list[str]:
    """The program's packages: every folder of ``pulje/`` with an ``__init__.py``, and the
    top-level ones (``schemas``)."""
    found = {p.parent.name for p in ROOT.glob("pulje/*/__init__.py")}
    found |= {p.parent.name for p in ROOT.glob("*/__init__.py")} - NOT_ENGINE - {"pulje"}
    return sorted(found)


def _dir(package: str) -> Path:
    inside = ROOT / "pulje" / package
    return inside if inside.is_dir() else ROOT / package


def _source_files(package: str) -> list[Path]:
    files = sorted(_dir(package).rglob("*.py"))
    files += [ROOT / name for name, owner in MODULES.items() if owner == package]
    return [f for f in files if f.is_file()]


def extract(package: str) -> Catalog:
    """The msgids in ``package``'s code (and in the modules it holds the msgids of)."""
    found = Catalog(domain=DOMAIN, project="pulje", fuzzy=False)
    for path in _source_files(package):
        where = path.relative_to(ROOT).as_posix()
        for lineno, message, _comments, context in extract_from_file(
            extract_python_fstrings, str(path), keywords=KEYWORDS
        ):
            known = found.get(message, context)
            if known is not None:
                known.locations.append((where, lineno))
            else:
                found.add(message, locations=[(where, lineno)], context=context)
    return found


def extract_all() -> dict[str, Catalog]:
    return {package: extract(package) for package in packages()}


# --- translations ----------------------------------------------------------------------------

def po_path(package: str, lang: str) -> Path:
    return _dir(package) / "locale" / f"{lang}.po"


def sources(lang: str) -> list[Path]:
    return sorted([*ROOT.glob(f"pulje/*/locale/{lang}.po"), *ROOT.glob(f"*/locale/{lang}.po")])


def read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def merged(lang: str) -> Catalog:
    catalog = Catalog(locale=lang, domain=DOMAIN, project="pulje", fuzzy=False,
                      creation_date=_HEADER_DATE, revision_date=_HEADER_DATE)
    for po in sources(lang):
        for message in read(po, lang):
            if message.id:
                catalog[message.id] = message
    return catalog


def compiled(lang: str) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, merged(lang))
    return buf.getvalue()


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def compile_all() -> int:
    for lang in LANGUAGES:
        if not sources(lang):
            continue
        target = mo_path(lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(compiled(lang))
        tmp.replace(target)
        print(f"{target.relative_to(ROOT)}: {len(merged(lang))} beskeder")
    return 0


# --- check -----------------------------------------------------------------------------------

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


def _shown(msgid: MsgId) -> str:
    return repr(_singular(msgid))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the catalogue, said in Danish for whoever maintains it."""

    kind: str  # "missing", "placeholders", "conflict", "unused"
    where: str
    msgid: MsgId
    detail: str = ""
    target: str = ""  # for "missing": the .po file the translation belongs in

    def __str__(self) -> str:
        text = f"{self.where}: {_shown(self.msgid)}"
        return f"{text}\n      {self.detail}" if self.detail else text


def _is_translated(message: Message | None, plural: bool) -> bool:
    if message is None or message.fuzzy or message.pluralizable != plural:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings)


def missing(lang: str = CHECKED_LANGUAGE) -> list[Problem]:
    """Msgids found in a package's code without a translation in that package's .po file."""
    out = []
    for package, found in extract_all().items():
        po = po_path(package, lang)
        catalog = read(po, lang) if po.is_file() else Catalog(locale=lang)
        for message in found:
            if not message.id:
                continue
            entry = catalog.get(message.id, message.context)
            if _is_translated(entry, message.pluralizable):
                continue
            file, line = message.locations[0]
            detail = ""
            if entry is not None and entry.fuzzy:
                detail = "står som fuzzy i .po-filen og kommer derfor ikke med i .mo-filen"
            elif entry is not None and entry.pluralizable != message.pluralizable:
                detail = ("koden kalder " + ("ngettext" if message.pluralizable else "gettext")
                          + ", men .po-filen har " + ("ikke " if message.pluralizable else "")
                          + "msgid_plural")
            out.append(Problem("missing", f"{file}:{line}", message.id, detail,
                               po.relative_to(ROOT).as_posix()))
    return out


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


def mismatched(lang: str = CHECKED_LANGUAGE) -> list[Problem]:
    """Translations whose placeholders differ from their msgid's."""
    out = []
    for po in sources(lang):
        for message in read(po, lang):
            if not message.id or not message.string:
                continue
            where = f"{po.relative_to(ROOT)}:{message.lineno}"
            if isinstance(message.id, str):
                pairs = [(message.id, str(message.string))]
            else:
                singular, plural = message.id[0], message.id[1]
                pairs = [(singular if i == 0 else plural, s)
                         for i, s in enumerate(message.string) if s]
            for msgid, msgstr in pairs:
                problem = _placeholder_problem(msgid, msgstr)
                if problem:
                    out.append(Problem("placeholders", where, message.id, problem))
    return out


def conflicts(lang: str = CHECKED_LANGUAGE) -> list[Problem]:
    """Msgids translated differently in two .po files (the .mo would keep only one)."""
    seen: dict[str, tuple[Path, Any]] = {}
    out = []
    for po in sources(lang):
        for message in read(po, lang):
            if not message.id or not message.string:
                continue
            key = _singular(message.id)
            if key in seen and seen[key][1] != message.string:
                first, string_ = seen[key]
                out.append(Problem(
                    "conflict", f"{po.relative_to(ROOT)}:{message.lineno}", message.id,
                    f"{message.string!r} her, men {string_!r} i {first.relative_to(ROOT)}",
                ))
            seen.setdefault(key, (po, message.string))
    return out


def unused(lang: str = CHECKED_LANGUAGE) -> list[Problem]:
    """Translations of msgids that no longer appear in their package's code (not an error)."""
    out = []
    for package, found in extract_all().items():
        po = po_path(package, lang)
        if not po.is_file():
            continue
        for message in read(po, lang):
            if message.id and found.get(message.id, message.context) is None:
                out.append(Problem("unused", f"{po.relative_to(ROOT)}:{message.lineno}",
                                   message.id))
    return out


def check(lang: str = CHECKED_LANGUAGE) -> list[Problem]:
    """Everything that would make a user see English or a broken message."""
    return missing(lang) + mismatched(lang) + conflicts(lang)


_HEADINGS = {
    "missing": "Mangler dansk oversættelse",
    "placeholders": "Pladsholderne i oversættelsen passer ikke med msgid",
    "conflict": "Oversat forskelligt i to .po-filer",
}


def run_check(lang: str = CHECKED_LANGUAGE) -> int:
    problems = check(lang)
    for kind, heading in _HEADINGS.items():
        these = [p for p in problems if p.kind == kind]
        if not these:
            continue
        print(f"{heading} ({len(these)}):")
        if kind != "missing":
            for p in these:
                print(f"  {p}")
            continue
        for target in sorted({p.target for p in these}):
            group = [p for p in these if p.target == target]
            print(f"  skal i {target} ({len(group)}):")
            for p in group:
                print(f"    {p}")
    extra = unused(lang)
    if extra:
        print(f"Bruges ikke længere i koden ({len(extra)}; ikke en fejl):")
        for p in extra:
            print(f"  {p}")
    if problems:
        return 1
    total = sum(len([m for m in c if m.id]) for c in extract_all().values())
    print(f"Alle {total} beskeder i koden har en dansk oversættelse med de rigtige pladsholdere.")
    return 0


def run_extract(package: str | None) -> int:
    template = Catalog(domain=DOMAIN, project="pulje", fuzzy=False)
    for name, found in extract_all().items():
        if package in (None, name):
            for message in found:
                if message.id:
                    template[message.id] = message
    buf = io.BytesIO()
    write_po(buf, template, width=100, sort_output=False)
    sys.stdout.write(buf.getvalue().decode("utf-8"))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m diagnostics.catalog",
                                     description="Byg og kontrollér pulje's beskedkatalog.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("compile", help="Saml .po-filerne i .mo-filen (standard).")
    sub.add_parser("check", help="Find beskeder i koden uden dansk oversættelse.")
    ext = sub.add_parser("extract", help="Udskriv beskederne i koden som .pot.")
    ext.add_argument("package", nargs="?", choices=packages())
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check()
    if args.command == "extract":
        return run_extract(args.package)
    return compile_all()


if __name__ == "__main__":
    sys.exit(main())
