"""Real plural forms, from the catalogue's plural rule (ngettext), in Danish and English: a
message whose words follow a number (``Plural``), a counted noun as a parameter (``Count``), and
the one phrasing of the counts of findings that ``validate``, ``check`` and the browser share.
No "fil(er)", "side(r)" or "advarsel(er)" anywhere users read."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cli import main
from pulje.diagnostics import NP_, Count, Diagnostic, Location, Plural, Severity, Translator
from pulje.diagnostics.report import counts_text, format_one, summary
from pulje.tools.catalog import po_path, read

DA, EN = Translator("da"), Translator("en")
ROOT_EXAMPLE = "applications/albertslund-bedre-ressourceforloeb.yaml"


@pytest.mark.parametrize(("tr", "n", "text"), [
    (DA, 1, "Forkort svarene med 1 side. Efter side 15: Økonomi."),
    (DA, 3, "Forkort svarene med 3 sider. Efter side 15: Økonomi."),
    (EN, 1, "Shorten the answers by 1 page. Beyond page 15: Økonomi."),
    (EN, 3, "Shorten the answers by 3 pages. Beyond page 15: Økonomi."),
])
def test_a_message_follows_its_number(tr: Translator, n: int, text: str) -> None:
    msgid = Plural(NP_("Shorten the answers by {excess} page. Beyond page {limit}: {sections}.",
                       "Shorten the answers by {excess} pages. Beyond page {limit}: "
                       "{sections}."), "excess")
    assert tr.format(msgid, {"excess": n, "limit": 15, "sections": "Økonomi"}) == text


def test_a_finding_with_a_plural_message_and_counted_parameters() -> None:
    d = Diagnostic("FOR003", Severity.ADVARSEL,
                   "The deadline {deadline} is {days} away (judged as of {date}); sending by "
                   "{channel} needs about {lead}.", "",
                   {"deadline": "1. maj", "days": Count(1, *NP_("{n} day", "{n} days")),
                    "date": "30. april", "channel": "e-mail",
                    "lead": Count(3, *NP_("{n} day", "{n} days"))}).at(Location("a.yaml", 1, 1))
    assert "er om 1 dag (bedømt pr. 30. april); at sende med e-mail kræver omkring 3 dage." \
        in format_one(d, DA)
    assert "is 1 day away" in format_one(d, EN) and "about 3 days." in format_one(d, EN)
    # a count is written as the language writes numbers
    assert DA.counted(1200, *NP_("{n} file", "{n} files")) == "1.200 filer"
    assert EN.counted(1, *NP_("{n} file", "{n} files")) == "1 file"


@pytest.mark.parametrize(("counts", "da", "en"), [
    ((1, 1, 0), "1 fejl og 1 advarsel", "1 error and 1 warning"),
    ((4, 2, 1), "4 fejl, 2 advarsler og 1 bemærkning", "4 errors, 2 warnings and 1 note"),
    ((0, 0, 2), "0 fejl, 0 advarsler og 2 bemærkninger", "0 errors, 0 warnings and 2 notes"),
])
def test_the_one_phrasing_of_the_counts_of_findings(counts: tuple[int, int, int], da: str,
                                                    en: str) -> None:
    assert counts_text(*counts, DA) == da
    assert counts_text(*counts, EN) == en


def test_check_and_validate_word_their_summary_the_same(tmp_path: object) -> None:
    """``pulje check`` ends with the very sentence ``pulje validate`` ends with."""
    runner = CliRunner()
    for lang, expected in (("da", "Fandt 0 fejl, 0 advarsler og 1 bemærkning."),
                           ("en", "Found 0 errors, 0 warnings and 1 note.")):
        validated = runner.invoke(main, ["--lang", lang, "validate", ROOT_EXAMPLE])
        checked = runner.invoke(main, ["--lang", lang, "check", ROOT_EXAMPLE])
        assert validated.output.rstrip().endswith(expected)
        assert checked.output.rstrip().endswith(" " + expected), checked.output
    diagnostics = [Diagnostic("X", Severity.ADVARSEL, "x")]
    assert summary(diagnostics, DA) == "Fandt 0 fejl og 1 advarsel."


_PARENTHESISED = re.compile(r"\w\((s|er|r|e|en|ne)\)")


def test_no_message_writes_a_plural_in_brackets() -> None:
    """Every msgid (English) and its Danish text: a plural is a real form, never "(s)" or
    "(er)" after a word."""
    found = []
    for m in read(po_path()):
        if not m.id:
            continue
        texts = [*(m.id if isinstance(m.id, tuple) else (m.id,)),
                 *(m.string if isinstance(m.string, tuple) else (m.string,))]
        found += [t for t in texts if _PARENTHESISED.search(t)]
    assert found == []
