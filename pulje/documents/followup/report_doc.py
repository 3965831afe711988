"""The status report, the final report and the status note for the committee, as plain
documents (Word and text through ``documents.word.plain``).

The report: activities planned vs done (the tidsplan), results against every måltal, the
account per approved budget line with the threshold and its source, deviations and reasons,
and — final report — experiences and forankring. The status note follows the shape of the
project office's notes to the committee (seeds 000 and 002): per project background,
organisation, activities, results in numbers, next steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pulje.diagnostics.i18n import Translator
from pulje.diagnostics.wording import shorten
from pulje.documents.followup.account import AccountLine, Result
from pulje.documents.followup.actuals import UDFOERT_TEXT, FaktiskeTal
from pulje.documents.followup.figures import BudgetView
from pulje.documents.word.plain import (
    Block,
    Bullets,
    Heading,
    Para,
    PlainDoc,
    Table,
    placeholder,
    spans,
)

_TR = Translator("da")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ReportFacts:
    project: str
    kommune: str
    pool: str
    period: tuple[date, date] | None
    granted: Decimal
    final: bool
    fagudvalg: str | None
    threshold_pct: Decimal
    threshold_kr: Decimal
    threshold_source: str


def _kr(value: Decimal | None) -> str:
    return "" if value is None else _TR.kroner(value)


def _activities(planned: list[tuple[int, int, str]], a: FaktiskeTal) -> Table:
    given = {(x.aar, x.kvartal, " ".join(x.aktivitet.split())): x for x in a.aktiviteter}
    rows = []
    for year, quarter, text in planned:
        x = given.pop((year, quarter, text), None)
        status = UDFOERT_TEXT[x.status] if x is not None and x.status else "Ikke oplyst"
        rows.append([str(year), f"{quarter}. kvt.", text, status,
                     (x.bemaerkning or "") if x is not None else ""])
    for (year, quarter, text), x in given.items():
        rows.append([str(year), f"{quarter}. kvt.", f"{text} (ikke i planen)",
                     UDFOERT_TEXT[x.status] if x.status else "Ikke oplyst", x.bemaerkning or ""])
    return Table(["År", "Kvartal", "Aktivitet", "Status", "Bemærkning"], rows)


def _results(rows: list[Result]) -> Table:
    out = []
    for r in rows:
        unit = {"procent": " %", "uger": " uger"}.get(r.target.unit, "")
        base = f"{_TR.value(r.target.baseline)}{unit}" if r.target.baseline is not None else "–"
        actual = f"{_TR.value(r.actual)}{unit}" if r.actual is not None else "Ikke oplyst"
        met = {True: "Ja", False: "Nej", None: "–"}[r.met]
        out.append([r.target.label, base, f"{_TR.value(r.goal)}{unit}",
                    r.month.strftime("%m-%Y"),
                    actual, met])
    return Table(["Måltal", "Udgangsniveau", "Mål", "Måling", "Faktisk", "Nået"], out)


def _account(lines: list[AccountLine], final: bool) -> Table:
    rows = []
    for x in lines:
        pct = x.deviation_pct
        rows.append([x.line.key, x.line.kategori_navn, shorten(x.line.beskrivelse, 48),
                     _kr(x.line.beloeb), _kr(x.budget_to_date), _kr(x.spent),
                     _kr(x.remaining), _kr(x.deviation),
                     "" if pct is None else _TR.percent(pct)])
    spent = [x.spent for x in lines if x.spent is not None]
    total_spent = sum(spent, ZERO) if spent else None
    total = sum((x.line.beloeb for x in lines), ZERO)
    to_date = sum((x.budget_to_date for x in lines), ZERO)
    rows.append(["", "I alt", "", _kr(total), _kr(to_date), _kr(total_spent),
                 _kr(None if total_spent is None else total - total_spent),
                 _kr(None if total_spent is None else total_spent - to_date), ""])
    head = ["Nr.", "Kategori", "Post", "Budget", "Budget til dato" if not final else "Budget",
            "Forbrugt", "Rest", "Afvigelse", "Afv. %"]
    return Table(head, rows, amounts_from=3, bold_rows=frozenset({len(rows) - 1}))


def report_document(f: ReportFacts, a: FaktiskeTal, planned: list[tuple[int, int, str]],
                    result_rows: list[Result], lines: list[AccountLine]) -> PlainDoc:
    kind = "Slutrapport" if f.final else "Statusrapport"
    facts = [("Projekt", f.project), ("Tilskudsmodtager", f.kommune), ("Pulje", f.pool)]
    if f.period is not None:
        facts.append(("Projektperiode", f"{_TR.date(f.period[0])} – {_TR.date(f.period[1])}"))
    facts += [("Tilskud", _kr(f.granted)), ("Opgjort pr.", _TR.date(a.opgjort_pr))]
    doc = PlainDoc(title=kind, facts=facts, header=f"{f.kommune} · {kind}", subject=f.project,
                   author=f.kommune)
    doc.add(Heading("1. Aktiviteter: plan og gennemførelse"), _activities(planned, a))
    doc.add(Heading("2. Resultater mod måltallene"))
    doc.add(_results(result_rows) if result_rows else Para(spans(
        "Ansøgningen har ingen måltal, der er målt endnu.")))
    doc.add(Heading("3. Regnskab pr. godkendt budgetlinje"))
    basis = ("hele budgettet" if f.final else
             f"budgettet for årene til og med {a.opgjort_pr.year}")
    doc.add(Para(spans(
        f"Afvigelsen er forbrugt minus {basis}. En afvigelse begrundes, når den er over "
        f"{_TR.percent(f.threshold_pct)} og over {_kr(f.threshold_kr)} "
        f"(grænsen: {f.threshold_source}).")), _account(lines, f.final))
    doc.add(Heading("4. Afvigelser og begrundelser"))
    named: list[Block] = []
    for x in lines:
        if x.reason:
            named.append(Para(spans(f"Linje {x.line.key} ({shorten(x.line.beskrivelse, 60)}): "
                                    f"{x.reason}")))
    doc.add(*named)
    doc.add(Para(spans(a.afvigelser) if a.afvigelser and a.afvigelser.strip() else spans(
        placeholder("afvigelser fra planen og deres årsager, eller »Ingen«"))))
    if f.final:
        doc.add(Heading("5. Erfaringer"), _text(a.erfaringer, "de vigtigste erfaringer"),
                Heading("6. Forankring"), _text(a.forankring, "hvordan resultaterne lever "
                                                               "videre efter projektet"))
    else:
        doc.add(Heading("5. Næste skridt"), _text(a.naeste_skridt, "de næste skridt"))
    return doc


def _text(value: str | None, what: str) -> Para:
    return Para(spans(value) if value and value.strip() else spans(placeholder(what)))


def status_note(f: ReportFacts, a: FaktiskeTal, view: BudgetView, purpose: str | None,
                result_rows: list[Result]) -> PlainDoc:
    """The status note for the committee (seeds 000 and 002): background, organisation,
    activities, results in numbers, next steps."""
    title = f"Status på {f.project.rstrip('.')}"
    facts = [("", f"Notat til {f.fagudvalg}" if f.fagudvalg else "Notat"),
             ("", f"Orientering pr. {_TR.date(a.opgjort_pr)}")]
    doc = PlainDoc(title=title, facts=facts, header=f"{f.kommune} · Notat", subject=f.project,
                   author=f.kommune)
    background = (f"Jobcentret har fået tilsagn om {_kr(f.granted)} fra {f.pool}"
                  + (f" til projektet i perioden {_TR.date(f.period[0])} – "
                     f"{_TR.date(f.period[1])}." if f.period else "."))
    doc.add(Heading("Baggrund"), Para(spans(background)))
    if purpose:
        words = purpose.split()
        doc.add(Para(spans(" ".join(words[:80]) + (" …" if len(words) > 80 else ""))))
    doc.add(Heading("Organisering"), _text(a.organisering, "projektets organisering"))
    done = [spans(f"{x.aktivitet}: {UDFOERT_TEXT[x.status].lower()}"
                  + (f" ({x.bemaerkning})" if x.bemaerkning else ""))
            for x in a.aktiviteter if x.status is not None]
    doc.add(Heading("Status på aktiviteterne"),
            Bullets(done) if done else Para(spans(placeholder("status på aktiviteterne"))))
    numbers = [spans(f"{r.target.label}: {_TR.value(r.actual)} i "
                     f"{r.month.strftime('%m-%Y')} (mål {_TR.value(r.goal)})")
               for r in result_rows if r.actual is not None]
    spent = [x for x in a.regnskab.values() if x is not None]
    if spent:
        numbers.append(spans(f"Forbrugt pr. {_TR.date(a.opgjort_pr)}: "
                             f"{_kr(sum(spent, ZERO))} af {_kr(view.expenses_total)}"))
    doc.add(Heading("Resultater i tal"),
            Bullets(numbers) if numbers else Para(spans(placeholder("resultater i tal"))))
    doc.add(Heading("Næste skridt"), _text(a.naeste_skridt, "de næste skridt"))
    return doc
