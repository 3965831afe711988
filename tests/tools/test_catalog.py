"""The one message catalogue (pulje/locale, babel's layout): the commands of ``make catalogs``
find every msgid in the code, the committed .pot and .po are current with the code (as
``pybabel update --check`` says), every msgid has a Danish translation with the msgid's
placeholders, and the committed .mo is a fresh compile of the .po."""

from __future__ import annotations

import io
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from pulje.tools import catalog
from pulje.tools.catalog import POT, ROOT, Problem, mo_path, po_path, read

PYBABEL = [sys.executable, "-m", "babel.messages.frontend"]


def _recipe(command: str) -> list[str]:
    """The arguments of the ``pybabel COMMAND`` line of the Makefile's ``catalogs`` target."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    recipe = text.split("\ncatalogs:", 1)[1].split("\n\n", 1)[0]
    for line in recipe.splitlines():
        words = shlex.split(line)
        if words and words[0] == "$(BIN)/pybabel":
            args = [w for w in words[1:] if w != "-q"]
            if args[0] == command:
                return args
    raise AssertionError(f"no 'pybabel {command}' in the Makefile's catalogs target")


def _run(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH: babel.cfg names the extraction method pulje.tools.catalog:extract_python.
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run([*PYBABEL, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)


def _extract(out: Path, inputs: list[str] | None = None, cwd: Path = ROOT) -> Catalog:
    args = _recipe("extract")
    args[args.index("-o") + 1] = str(out)
    args[args.index("-F") + 1] = str(ROOT / "babel.cfg")
    if inputs is not None:
        args = [a for a in args if a not in ("cli.py", "schemas", "pulje")] + inputs
    done = _run(args, cwd)
    assert done.returncode == 0, done.stderr
    return read(out)


def _ids(found: Catalog) -> set[str | tuple[str, ...]]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in found if m.id}


def _listing(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


# --- extraction sees every kind of call ------------------------------------------------------

def test_extraction_sees_n_np_gettext_format_ngettext_and_calls_inside_f_strings(
    tmp_path: Path,
) -> None:
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "__init__.py").write_text(textwrap.dedent('''
        from pulje.diagnostics import N_
        A = N_("Marked with N_.")
        B = NP_("{n} thing", "{n} things")
        def show(tr, n, p):
            tr.gettext("Called as a method.")
            tr.format("Formatted {x}.", {"x": 1})
            tr.ngettext("{n} line", "{n} lines", n).format(n=n)
            "{a}".format(a=1)
            format(p, "f")
            return f"  {tr.gettext('Inside an f-string')}: {p.x}"
    '''), encoding="utf-8")
    found = _extract(tmp_path / "demo.pot", ["demo"], cwd=tmp_path)
    assert _ids(found) == {
        "Marked with N_.", ("{n} thing", "{n} things"), "Called as a method.", "Formatted {x}.",
        ("{n} line", "{n} lines"), "Inside an f-string",
    }


def test_the_real_code_yields_the_method_calls_of_cli_pools_and_click(tmp_path: Path) -> None:
    found = _ids(read(POT))
    assert "Wrote {file}. Fill in the answers and run: pulje validate {file}" in found  # cli.py
    assert {"Finance account", "Page limit", "No pools found."} <= found  # pools, f-strings
    assert {"Usage:", ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
            } <= found  # click's own, listed in pulje/diagnostics/clickhelp.py
    assert len(found) > 600


# --- the catalogue is current with the code --------------------------------------------------

def test_the_pot_holds_exactly_the_msgids_of_the_code(tmp_path: Path) -> None:
    fresh, committed = _ids(_extract(tmp_path / "fresh.pot")), _ids(read(POT))
    new, gone = sorted(map(str, fresh - committed)), sorted(map(str, committed - fresh))
    assert not new and not gone, (
        "pulje/locale/pulje.pot is not current; run make catalogs.\n"
        f"In the code, not in the .pot: {new}\nIn the .pot, no longer in the code: {gone}"
    )


def test_the_po_is_current_with_the_pot() -> None:
    args = _recipe("update")
    done = _run([*args, "--check"])
    assert done.returncode == 0, (
        "pulje/locale/da/LC_MESSAGES/pulje.po is not current with pulje.pot; run make "
        "catalogs.\n" + done.stderr
    )


def test_the_update_check_fails_on_a_po_that_lacks_a_msgid(tmp_path: Path) -> None:
    # The test above can fail: the same check on a copy of the .po without its first message.
    locale = tmp_path / "locale" / "da" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    po = po_path().read_text(encoding="utf-8")
    first = re.search(r'\n\nmsgid "[^"]+".*?\n\n', po, re.DOTALL)
    assert first is not None
    (locale / "pulje.po").write_text(po.replace(first.group(0), "\n\n", 1), encoding="utf-8")
    args = _recipe("update")
    args[args.index("-d") + 1] = str(tmp_path / "locale")
    args[args.index("-i") + 1] = str(POT)
    assert _run([*args, "--check"]).returncode != 0


# --- every msgid has a Danish translation with the same placeholders -------------------------

def test_every_msgid_has_a_danish_translation_with_its_placeholders() -> None:
    problems = catalog.check()
    assert not problems, (
        "pulje/locale/da/LC_MESSAGES/pulje.po: msgids without a Danish translation, or with "
        "other {placeholders} (then run make catalogs):\n" + _listing(problems)
    )


def test_check_reports_a_missing_translation_and_a_placeholder_mismatch(tmp_path: Path) -> None:
    po = tmp_path / "da.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Unknown key \'{key}\'."\nmsgstr "Ukendt nøgle \'{nøgle}\'."\n\n'
        'msgid "Not translated."\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Fuzzy."\nmsgstr "Uklar."\n',
        encoding="utf-8",
    )
    problems = catalog.check(po)
    assert [(p.kind, p.msgid) for p in problems] == [
        ("placeholders", "Unknown key '{key}'."), ("missing", "Not translated."),
        ("missing", "Fuzzy."),
    ]
    assert "mangler {key}" in str(problems[0]) and "{nøgle}" in str(problems[0])
    assert "fuzzy" in str(problems[2])


def test_placeholders_are_compared_by_name_and_count() -> None:
    assert catalog.placeholders("{a} and {b} and {a}") == {"{a}": 2, "{b}": 1}
    assert catalog.placeholders("{x:>4}") == {"{x:>4}": 1}
    assert catalog.placeholders("no fields, {{literal}}") == {}


# --- the committed .mo is a fresh compile of the .po -----------------------------------------

def _messages(mo: bytes) -> dict[object, object]:
    parsed = read_mo(io.BytesIO(mo))
    out: dict[object, object] = {
        (m.id if isinstance(m.id, str) else tuple(m.id)):
        (m.string if isinstance(m.string, str) else tuple(m.string))
        for m in parsed if m.id
    }
    out["Plural-Forms"] = parsed.plural_forms
    return out


def test_the_committed_mo_equals_a_fresh_compile() -> None:
    committed = mo_path()
    assert committed.is_file(), f"{committed} is missing: run make catalogs"
    fresh = io.BytesIO()
    with po_path().open("rb") as fh:
        write_mo(fresh, read_po(fh, locale="da"))
    new, on_disk = _messages(fresh.getvalue()), _messages(committed.read_bytes())
    stale = sorted(str(k) for k in new.keys() ^ on_disk.keys())
    stale += sorted(str(k) for k in new.keys() & on_disk.keys() if new[k] != on_disk[k])
    assert not stale, (
        f"{committed.name} is out of date with pulje.po; run make catalogs. Differs in:\n"
        + "\n".join(stale[:40])
    )


@pytest.mark.parametrize("lang", ["da"])
def test_there_is_one_catalogue(lang: str) -> None:
    found = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pulje").rglob("*.po"))
    found += sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "schemas").rglob("*.po"))
    assert found == [f"pulje/locale/{lang}/LC_MESSAGES/pulje.po"]
