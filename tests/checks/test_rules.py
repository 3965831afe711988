"""Every consistency rule: a fixture that passes and one that fails, with the exact findings.

Each fixture is Albertslund's example (no fejl, one BUD011 info) with one small edit of its
text. The expected findings are the exact list of (code, severity, line, col); the place is
given as a needle in the edited text, so it is the line a user has to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from answer_edits import (
    EXAMPLE_TEXT,
    ROUND_YAML,
    after,
    audit_info,
    block,
    edits,
    findings,
    pos,
    templates_with,
)

from pulje.checks import RULES

Edit = tuple[str, str]
WITHOUT_CO_APPLICANTS = (
    "    uden: [ansoegertype, medansoegere] # skemaet spørger ikke om type og medansøgere\n")
WITH = "    uden: [ansoegertype]\n"  # the form asks for co-applicants
# Where a finding must be: ("at", needle) = where needle begins; ("after", needle) = just
# after it (the value after "key: "); ("below", needle) = the line under it, in its column
# (where a missing key belongs); ("end", "3") = the line after the file's last, column 3 (where a
# key belongs that would end the file's last section).
Where = tuple[str, str]


@dataclass
class Case:
    code: str
    edits: list[Edit]
    expect: list[tuple[str, str, Where]] = field(default_factory=list)
    pool: list[Edit] = field(default_factory=list)  # edits of the round (runde.yaml)
    form: list[Edit] = field(default_factory=list)  # edits of the round's form (skema.yaml)
    audit: bool = True  # the example's BUD011 info is still expected
    dato: date | None = None  # the day the formalia are judged as of (None: today)
    submit: bool = False  # judged as at ``pulje submit``


def _locate(text: str, where: Where) -> tuple[int, int]:
    how, needle = where
    if how == "end":
        return len(text.splitlines()) + 1, int(needle)
    if how == "below":
        line, col = pos(text, needle)
        return line + 1, col
    return pos(text, needle) if how == "at" else after(text, needle)


@pytest.fixture
def pool_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point pulje at a copy of templates/ whose round (runde.yaml) has the given edits."""

    def _make(pool_edits: list[Edit], form_edits: list[Edit] | None = None) -> None:
        if pool_edits or form_edits:
            templates_with(tmp_path, monkeypatch, pool_edits, form_edits=form_edits)

    return _make


def _expected(case: Case, text: str) -> list[tuple[str, str, int, int]]:
    out = [(code, sev, *_locate(text, where)) for code, sev, where in case.expect]
    if case.audit:
        out.append(audit_info(text))
    return sorted(out)


def _run(case: Case, pool_dir) -> None:
    pool_dir(case.pool, case.form)
    text = edits(*case.edits)
    assert findings(text, dato=case.dato, indsendelse=case.submit) == _expected(case, text)


# --- the fixtures ----------------------------------------------------------------------------

DEADLINE = ("frist: null ", "frist: 2016-10-01 12:00 ")  # the example's round, with a deadline
BEFORE = date(2016, 9, 1)  # a month before it
# a required attachment the applicant makes, and the form's section that declares it
ATTACHMENT = ("bilag:\n  - id: budget\n",
              "bilag:\n  - id: aftale\n    tekst: En underskrevet aftale\n  - id: budget\n")
ATTACHMENTS_ASKED = ("  - del: budget", "  - del: bilag\n\n  - del: budget")


def CO_APPLICANT(name: str, contact: str) -> Edit:  # noqa: N802 - reads as a constant
    """A co-applicant after the applicant's kommune (the form must ask for co-applicants)."""
    return ("  kommune: Albertslund Kommune\n",
            f"  kommune: Albertslund Kommune\n  medansoegere:\n    - navn: {name}\n"
            f"      kontaktperson: {contact}\n")


LINE0_2018 = ("        2018: 540000.00", "        2018: 540001.00")  # projektleder, +1 kr.
AUDIT_PRICE = "      enhed: regnskab\n      enhedspris: 12500.00"
NO_OTHER = "    ansoegt: nej"
Q3_2018 = block(
    "    3:\n      - Kvalitetstjek",
    text=EXAMPLE_TEXT[EXAMPLE_TEXT.index("  2018:\n") :],
)
TIDSPLAN = block("tidsplan:\n")
BUDGET = block("budget:\n")
BUDGET_TILSKUD = (
    "  finansiering:\n"
    "    - type: tilskud\n"
    "      beskrivelse: Puljen til X\n"
    "      beloeb: 200000\n"
    "      fordeling: {2017: 100000, 2018: 100000}\n"
)


def _per_quarter(budget: str, *, but_the_first: bool = False) -> str:
    """The budget block with every line's years moved to their first quarter ("2017-K1"),
    or all but the first line's."""
    out, lines_seen = [], 0
    for line in budget.split("\n"):
        lines_seen += line.strip() == "fordeling:"
        m = re.match(r"^(\s+)(\d{4}): (.*)$", line)
        if m and not (but_the_first and lines_seen == 1):
            line = f'{m[1]}"{m[2]}-K1": {m[3]}'
        out.append(line)
    return "\n".join(out)


KVARTAL = [("  periodisering: null", "  periodisering: kvartal")]


def _words(n: int) -> str:
    return " ".join(["ord"] * n)


FAILING = [
    # BUD001: units × price ≠ the amount written on the line; the years agree with the amount
    Case("BUD001", [
        ("      enhedspris: 45000.00\n", "      enhedspris: 45000.00\n      beloeb: 1080001.00\n"),
        LINE0_2018,
    ], [("BUD001", "fejl", ("at", "1080001.00"))]),
    # BUD002: one year of a line moved by one krone
    Case("BUD002", [LINE0_2018],
         [("BUD002", "fejl", ("at", "2017: 540000.00"))]),
    # BUD002: the unit price moved so the line total is one krone more than its years
    Case("BUD002", [(AUDIT_PRICE, AUDIT_PRICE.replace("12500.00", "12500.50"))],
         [("BUD002", "fejl", ("at", "2017: 12500.00\n        2018: 12500.00"))]),
    # BUD003: the amount applied for is one krone more than the budget needs
    Case("BUD003", [('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "2.150.001,00"')],
         [("BUD003", "fejl", ("after", "ansoegt_beloeb: "))]),
    # BUD004: a year outside the project period 2017–2018
    Case("BUD004", [("        2018: 540000.00", "        2019: 540000.00")],
         [("BUD004", "fejl", ("after", "2019: "))]),
    # BUD005: the pool has a maximum below the amount applied for
    Case("BUD005", [], [("BUD005", "fejl", ("after", "ansoegt_beloeb: "))],
         pool=[("maksimum: null", "maksimum: 2149999.99")]),
    # BUD006: a forbidden kind of line ("diverse")
    Case("BUD006", [("beskrivelse: Tryk af drejebog", "beskrivelse: Diverse tryk af drejebog")],
         [("BUD006", "fejl", ("at", "Diverse tryk"))]),
    # BUD007: no audit line (a warning); points at the expense list
    Case("BUD007", [("    - kategori: revision", "    - kategori: andet")],
         [("BUD007", "advarsel", ("at", "- kategori: loen\n      beskrivelse: Projektleder"))]),
    # BUD008: "ja" without amount and source → two findings where they belong, under the answer
    Case("BUD008", [(NO_OTHER, "    ansoegt: ja")],
         [("BUD008", "fejl", ("below", "ansoegt: ja")),
          ("BUD008", "fejl", ("below", "ansoegt: ja"))]),
    # BUD008: "nej" with a source
    Case("BUD008", [(NO_OTHER, NO_OTHER + "\n    kilde: Puljen til X")],
         [("BUD008", "fejl", ("at", "nej\n    kilde"))]),
    # BUD009: other grant stated in økonomi but not in the budget
    Case("BUD009", [(NO_OTHER, "    ansoegt: ja\n    beloeb: 200000\n    kilde: Puljen til X")],
         [("BUD009", "fejl", ("after", "    beloeb: "))]),
    # BUD010: no expense lines (BUD003 and BUD007 stay silent)
    Case("BUD010", [(BUDGET, "budget:\n  udgifter: []\n")],
         [("BUD010", "fejl", ("at", "[]\n"))]),
    # BUD011: the example itself: an info with the audit tier (checked in the test)
    Case("BUD011", [], []),
    # MAL001: more in the period than monthly × 24 months (4 × 24 = 96)
    Case("MAL001", [("    i_alt: 96\n  tilkendes", "    i_alt: 97\n  tilkendes")],
         [("MAL001", "fejl", ("at", "97"))]),
    # MAL001: fewer in the period than in one month
    Case("MAL001", [("  tilkendes:\n    pr_maaned: 4\n    i_alt: 96",
                     "  tilkendes:\n    pr_maaned: 4\n    i_alt: 3")],
         [("MAL001", "fejl", ("at", "3\n\nformaal"))]),
    # MAL002: more granted than referred (a warning)
    Case("MAL002", [("  tilkendes:\n    pr_maaned: 4", "  tilkendes:\n    pr_maaned: 5")],
         [("MAL002", "advarsel", ("at", "5\n    i_alt: 96\n\nformaal"))]),
    # TID001: an activity in 2019
    Case("TID001", [("tidsplan:\n  2017:",
                     "tidsplan:\n  2019:\n    1:\n      - Evaluering\n  2017:")],
         [("TID001", "fejl", ("at", "- Evaluering\n"))]),
    # TID002: 3. kvt. 2018 emptied (a warning)
    Case("TID002", [(Q3_2018, "    3: []\n")],
         [("TID002", "advarsel", ("at", "[]\n    4:"))]),
    # TID003: no plan at all (and no eight TID002 warnings)
    Case("TID003", [(TIDSPLAN, "tidsplan: {}\n")],
         [("TID003", "fejl", ("at", "{}"))]),
    # MAA001: a target above 100 %
    Case("MAA001", [('      "2017-10": 20\n', '      "2017-10": 120\n')],
         [("MAA001", "fejl", ("at", '120\n      "2018-10": 30'))]),
    # MAA001: a level below 0 %
    Case("MAA001", [("    niveau: 8\n", "    niveau: -1\n")],
         [("MAA001", "fejl", ("at", "-1\n    niveau_bemaerkning: Rapport"))]),
    # MAA002: 0 weeks and 53 weeks
    Case("MAA002", [('    "2017-10": 4\n    "2018-10": 4', '    "2017-10": 0\n    "2018-10": 53')],
         [("MAA002", "fejl", ("at", '0\n    "2018-10": 53')),
          ("MAA002", "fejl", ("at", "53\n"))]),
    # MAA003: a target below the current level (a warning)
    Case("MAA003", [('      "2017-10": 50\n', '      "2017-10": 5\n')],
         [("MAA003", "advarsel", ("at", "5\n      \"2018-10\": 50"))]),
    # MAA004: a measurement missing from a table; points at the table's targets
    # MAA004: a measurement missing from a table; at the line where it belongs
    Case("MAA004", [('      "2018-10": 30\n', "")],
         [("MAA004", "fejl", ("below", '"2017-10": 20'))]),
    # MAA004: a month the round does not measure
    Case("MAA004", [('      "2018-10": 30\n', '      "2018-10": 30\n      "2019-10": 40\n')],
         [("MAA004", "fejl", ("at", "40\n"))]),
    # MAA004: the baseline level missing from a table that has one
    Case("MAA004", [("    niveau: 8\n", "")],
         [("MAA004", "fejl", ("at", "niveau_bemaerkning: Rapport"))]),
    # TXT003: a section left out, at the line where it belongs (before the next section)
    Case("TXT003", [(block("maalgruppe:\n"), "")],
         [("TXT003", "fejl", ("at", "formaal:\n  forandringer"))]),
    # TXT003: a section of questions left out: the section, and each of its questions, there
    Case("TXT003", [(block("spor1:\n"), "")],
         [("TXT003", "fejl", ("at", "spor2:\n"))]
         + [("TXT001", "fejl", ("at", "spor2:\n"))] * 4),
    # BUD012: nothing applied for (also not what the budget needs: BUD003)
    Case("BUD012", [('ansoegt_beloeb: "2.150.000,00"', "ansoegt_beloeb: 0")],
         [("BUD003", "fejl", ("after", "ansoegt_beloeb: ")),
          ("BUD012", "fejl", ("after", "ansoegt_beloeb: "))], audit=False),
    # BUD012: a negative amount
    Case("BUD012", [('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "-2.150.000,00"')],
         [("BUD003", "fejl", ("after", "ansoegt_beloeb: ")),
          ("BUD012", "fejl", ("after", "ansoegt_beloeb: "))], audit=False),
    # BUD013: a line of a category the round does not fund
    Case("BUD013", [], [("BUD013", "fejl", ("at", "andet\n      beskrivelse: Forplejning"))],
         pool=[("  kategorier: null", "  kategorier: [loen, konsulenter, materialer, "
                "transport, evaluering, revision]")]),
    # BUD015: the round asks per quarter; one line is spread per year (at its first year)
    Case("BUD015", [(BUDGET, _per_quarter(BUDGET, but_the_first=True))],
         [("BUD015", "advarsel", ("at", "2017: 540000.00"))], pool=KVARTAL),
    # BUD014: the round requires co-financing; the budget has none (where it belongs)
    Case("BUD014", [], [("BUD014", "fejl", ("end", "3"))],
         pool=[("  medfinansiering_kraevet: null", "  medfinansiering_kraevet: true")]),
    # KON004: co-applicants in a round without joint applications (a form that asks for them)
    Case("KON004", [("  kommune: Albertslund Kommune\n", "  kommune: Albertslund Kommune\n"
                     "  medansoegere:\n    - navn: Glostrup Kommune\n")],
         [("KON004", "advarsel", ("at", "- navn: Glostrup Kommune"))],
         pool=[("faelles: null", "faelles: false")], form=[(WITHOUT_CO_APPLICANTS, WITH)]),
    # FOR001: the deadline has passed (judged as of today), before submission: a warning
    Case("FOR001", [], [("FOR001", "advarsel", ("after", "runde: "))], pool=[DEADLINE]),
    # FOR002: the same at submission: a fejl
    Case("FOR002", [], [("FOR002", "fejl", ("after", "runde: "))], pool=[DEADLINE],
         submit=True),
    # FOR003: one day before an e-mail deadline (the channel needs two)
    Case("FOR003", [], [("FOR003", "advarsel", ("after", "runde: "))], pool=[DEADLINE],
         dato=date(2016, 9, 30)),
    # FOR004: a kommune applies to a round for a-kasser
    Case("FOR004", [], [("FOR004", "fejl", ("after", "  kommune: "))],
         pool=[("ansoegere: [kommune]", "ansoegere: [a-kasse]")], dato=BEFORE),
    # FOR005: the round requires a kommune among the co-applicants; only an a-kasse is named
    Case("FOR005", [CO_APPLICANT("3F A-kasse", "Per Hansen")],
         [("FOR005", "fejl", ("at", "- navn: 3F A-kasse"))],
         pool=[("faelles: null", "faelles: true\nmedansoeger_kraevet: [kommune]")],
         form=[(WITHOUT_CO_APPLICANTS, WITH)]),
    # FOR006: the tilskudsansvarlig is also the co-applicant's contact
    Case("FOR006", [CO_APPLICANT("Glostrup Kommune", "Lene Clausen")],
         [("FOR006", "fejl", ("at", "navn: Glostrup Kommune"))],
         pool=[("faelles: null", "faelles: true")], form=[(WITHOUT_CO_APPLICANTS, WITH)]),
    # FOR006: no tilskudsansvarlig named in a joint application (TXT001 says the name is blank)
    Case("FOR006", [CO_APPLICANT("Glostrup Kommune", "Per Hansen"),
                    ("    navn: Lene Clausen", '    navn: ""')],
         [("FOR006", "fejl", ("at", '""')), ("TXT001", "fejl", ("at", '""'))],
         pool=[("faelles: null", "faelles: true")], form=[(WITHOUT_CO_APPLICANTS, WITH)]),
    # FOR007: the round requires an attachment the applicant makes; the file is not given
    Case("FOR007", [("\nbudget:\n", "\nbilag: []\n\nbudget:\n")],
         [("FOR007", "fejl", ("after", "bilag: "))], pool=[ATTACHMENT], form=[ATTACHMENTS_ASKED]),
    # FOR009: the round gives no page limit
    Case("FOR009", [], [("FOR009", "info", ("after", "runde: "))],
         pool=[("sidegraense: 15 ", "sidegraense: null ")]),
    # FOR010: at submission, an e-mail round without a recipient (and no deadline: FOR013)
    Case("FOR010", [], [("FOR010", "fejl", ("after", "runde: ")),
                        ("FOR013", "advarsel", ("after", "runde: "))],
         pool=[("  modtager: star@star.dk", "  modtager: null")], submit=True),
    # FOR011: at submission, an e-mail round without a subject
    Case("FOR011", [], [("FOR011", "advarsel", ("after", "runde: ")),
                        ("FOR013", "advarsel", ("after", "runde: "))],
         pool=[("  emne: Ansøgning til pulje Bedre ressourceforløb", "  emne: null")],
         submit=True),
    # FOR012: at submission, a round that does not say how it is sent
    Case("FOR012", [], [("FOR012", "advarsel", ("after", "runde: ")),
                        ("FOR013", "advarsel", ("after", "runde: "))],
         pool=[(block("kanal:", ROUND_YAML.read_text(encoding="utf-8")), "kanal: null\n")],
         submit=True),
    # FOR013: at submission, a round without a deadline (the example's own round)
    Case("FOR013", [], [("FOR013", "advarsel", ("after", "runde: "))], submit=True),
    # TXT001: an unanswered question
    Case("TXT001", [(block("  udarbejdelse: |"), '  udarbejdelse: ""\n')],
         [("TXT001", "fejl", ("at", '""'))]),
    # TXT001: a field of the identification is empty
    Case("TXT001", [('    telefon: "4368 7422"', '    telefon: ""')],
         [("TXT001", "fejl", ("at", '""'))]),
    # TXT001: no staff to upskill
    Case("TXT001", [(block("  medarbejdere:"), "  medarbejdere: []\n")],
         [("TXT001", "fejl", ("at", "[]"))]),
    # TXT002: 24 words where the threshold is 25
    Case("TXT002", [(block("  udarbejdelse: |"), f"  udarbejdelse: {_words(24)}\n")],
         [("TXT002", "advarsel", ("at", _words(24)))]),
    # TXT002: the project name has a threshold of 3 words
    Case("TXT002", [(block("  projektnavn: |"), "  projektnavn: Bedre ressourceforløb\n")],
         [("TXT002", "advarsel", ("at", "Bedre ressourceforløb\n"))]),
    # KON001: an e-mail address without a domain
    Case("KON001", [("Lene.clausen@albertslund.dk", "lene.clausen@albertslund")],
         [("KON001", "fejl", ("at", "lene.clausen@albertslund"))]),
    # KON002: seven digits
    Case("KON002", [('"4368 7422"', '"4368 742"')],
         [("KON002", "fejl", ("at", '"4368 742"'))]),
    # KON003: a misspelt kommune (a warning)
    Case("KON003", [("kommune: Albertslund Kommune", "kommune: Albertslun Kommune")],
         [("KON003", "advarsel", ("at", "Albertslun Kommune"))]),
]

PASSING = [
    Case("BUD001", [("      enhedspris: 45000.00\n",
                     "      enhedspris: 45000.00\n      beloeb: 1080000.00\n")]),
    Case("BUD002", []),
    Case("BUD003", [(NO_OTHER, "    ansoegt: ja\n    beloeb: 200000\n    kilde: Puljen til X"),
                    ('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "1.950.000,00"'),
                    (BUDGET, BUDGET + BUDGET_TILSKUD)]),
    Case("BUD003", [('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: 2150000')]),
    Case("BUD004", []),
    # exactly the maximum is allowed
    Case("BUD005", [], pool=[("maksimum: null", "maksimum: 2150000")]),
    # "administration" is allowed; only "administrationsbidrag" is forbidden
    Case("BUD006", [("beskrivelse: Tryk af drejebog",
                     "beskrivelse: Administration, tryk af drejebog")]),
    Case("BUD007", []),
    Case("BUD008", [(NO_OTHER, "    ansoegt: ja\n    beloeb: 200000\n    kilde: Puljen til X"),
                    ('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "1.950.000,00"'),
                    (BUDGET, BUDGET + BUDGET_TILSKUD)]),
    Case("BUD009", [(NO_OTHER, "    ansoegt: ja\n    beloeb: 200000\n    kilde: Puljen til X"),
                    ('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "1.950.000,00"'),
                    (BUDGET, BUDGET + BUDGET_TILSKUD)]),
    Case("BUD010", []),
    # a pool without audit tiers says nothing about audit
    Case("BUD011", [], pool=[(block("  revision_graenser:", text=ROUND_YAML.read_text("utf-8")),
        "  revision_graenser: []\n")], audit=False),
    # 96 = 4 a month × 24 months, and 4 = the monthly figure, are both allowed
    Case("MAL001", []),
    Case("MAL001", [("  tilkendes:\n    pr_maaned: 4\n    i_alt: 96",
                     "  tilkendes:\n    pr_maaned: 4\n    i_alt: 4")]),
    Case("MAL002", [("  tilkendes:\n    pr_maaned: 4\n    i_alt: 96",
                     "  tilkendes:\n    pr_maaned: 3\n    i_alt: 72")]),
    Case("TID001", []),
    Case("TID002", []),
    Case("TID003", []),
    Case("MAA001", [('      "2017-10": 20\n', '      "2017-10": 100\n'),
                    ("    niveau: 8\n", "    niveau: 0\n")]),
    Case("MAA002", [('    "2017-10": 4\n    "2018-10": 4', '    "2017-10": 1\n    "2018-10": 52')]),
    # a target equal to the level is not below it
    Case("MAA003", [('      "2017-10": 50\n', '      "2017-10": 10\n')]),
    # the table without a baseline column (ordinære timer) needs no level
    Case("MAA004", []),
    # the STV question, asked only of kommuner with STV funds, may stay blank
    Case("TXT001", [("  stv_samspil: Ikke aktuelt            # kommunens eget svar på "
                     "STV-spørgsmålet\n", "")]),
    # ... and a short answer to it is no warning
    Case("TXT002", [("  stv_samspil: Ikke aktuelt", "  stv_samspil: Nej")]),
    # an answer file from before the STV yes/no was retired still loads
    Case("SCH003", [("  stv_samspil: Ikke aktuelt",
                     "  modtager_stv: ja\n  stv_samspil: Ikke aktuelt")]),
    Case("TXT002", [(block("  udarbejdelse: |"), f"  udarbejdelse: {_words(25)}\n")]),
    Case("KON001", [("Lene.clausen@albertslund.dk", "lene.clausen+star@albertslund.kommune.dk")]),
    Case("KON002", [('"4368 7422"', '"+45 4368 7422"')]),
    Case("KON002", [('"4368 7422"', '"43687422"')]),
    Case("KON002", [('"4368 7422"', '"0045 43-68-74-22"')]),
    Case("KON003", [("kommune: Albertslund Kommune", "kommune: Københavns Kommune")]),
    Case("KON003", [("kommune: Albertslund Kommune", "kommune: Århus Kommune")]),
    Case("KON003", [("kommune: Albertslund Kommune", "kommune: Albertslund")]),
    Case("BUD012", []),
    Case("BUD012", [('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "2.150.000,00 kr."')]),
    Case("BUD013", []),
    Case("BUD013", [], pool=[("  kategorier: null", "  kategorier: [loen, konsulenter, "
                              "materialer, transport, evaluering, revision, andet]")]),
    Case("BUD015", []),  # a round per year: any spread
    Case("BUD015", [(BUDGET, _per_quarter(BUDGET))], pool=KVARTAL),
    Case("BUD014", []),
    Case("BUD014", [], pool=[("  medfinansiering_kraevet: null",
                              "  medfinansiering_kraevet: false")]),
    Case("KON004", []),
    Case("KON004", [("  kommune: Albertslund Kommune\n", "  kommune: Albertslund Kommune\n"
                     "  medansoegere:\n    - navn: Glostrup Kommune\n")],
         pool=[("faelles: null", "faelles: true")], form=[(WITHOUT_CO_APPLICANTS, WITH)]),
    Case("FOR001", [], pool=[DEADLINE], dato=BEFORE),
    Case("FOR002", [], pool=[DEADLINE], dato=BEFORE, submit=True),
    Case("FOR003", [], pool=[DEADLINE], dato=date(2016, 9, 29)),
    Case("FOR004", [], pool=[("ansoegere: [kommune]", "ansoegere: [bred]")]),
    Case("FOR004", [], pool=[("ansoegere: [kommune]", "ansoegere: [kommune, a-kasse]")]),
    Case("FOR005", [CO_APPLICANT("Glostrup Kommune", "Per Hansen")],
         pool=[("faelles: null", "faelles: true\nmedansoeger_kraevet: [kommune]")],
         form=[(WITHOUT_CO_APPLICANTS, WITH)]),
    Case("FOR006", [CO_APPLICANT("Glostrup Kommune", "Per Hansen")],
         pool=[("faelles: null", "faelles: true")], form=[(WITHOUT_CO_APPLICANTS, WITH)]),
    Case("FOR007", [("\nbudget:\n", "\nbilag:\n  - id: aftale\n    fil: aftale.pdf\n\nbudget:\n")],
         pool=[ATTACHMENT], form=[ATTACHMENTS_ASKED]),
    Case("FOR009", [], pool=[("sidegraense: 15 ", "sidegraense: null\ningen_sidegraense: true ")]),
    Case("FOR010", [], pool=[DEADLINE], dato=BEFORE, submit=True),
    Case("FOR011", [], pool=[DEADLINE], dato=BEFORE, submit=True),
    Case("FOR012", [], pool=[DEADLINE], dato=BEFORE, submit=True),
    Case("FOR013", [], pool=[DEADLINE], dato=BEFORE, submit=True),
    Case("TXT003", []),
    # a section that is there but empty is not missing (its contents have their own rules)
    Case("TXT003", [(block("maalgruppe:\n"), "maalgruppe: {}\n")]),
]


def _ids(cases: list[Case]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for case in cases:
        seen[case.code] = seen.get(case.code, 0) + 1
        out.append(f"{case.code}-{seen[case.code]}")
    return out


@pytest.mark.parametrize("case", FAILING, ids=_ids(FAILING))
def test_failing_fixture(case: Case, pool_dir) -> None:
    if case.code == "BUD011":
        text = edits(*case.edits)
        assert findings(text) == [audit_info(text)]
        return
    assert any(code == case.code for code, _, _ in case.expect)
    _run(case, pool_dir)


@pytest.mark.parametrize("case", PASSING, ids=_ids(PASSING))
def test_passing_fixture(case: Case, pool_dir) -> None:
    _run(case, pool_dir)


def test_every_rule_has_a_failing_and_a_passing_fixture() -> None:
    registered = {r.code.code for r in RULES}
    assert registered, "no rules registered"
    assert registered <= {c.code for c in FAILING}, "rules without a failing fixture"
    assert registered <= {c.code for c in PASSING}, "rules without a passing fixture"


def test_the_example_has_no_fejl_and_no_advarsler() -> None:
    assert findings(EXAMPLE_TEXT) == [audit_info(EXAMPLE_TEXT)]


def test_severity_of_each_finding_is_the_codes_severity() -> None:
    """A rule never reports at another severity than the one its code is documented with."""
    by_code = {r.code.code: r.code.severity.value for r in RULES}
    for case in FAILING:
        for code, severity, _ in case.expect:
            assert by_code[code] == severity, (code, severity)
