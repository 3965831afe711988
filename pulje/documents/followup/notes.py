"""The short Word notes of the grant and of a change request: which budget lines change and
why (the proposal of ``followup.revision``), for approval."""

from __future__ import annotations

from datetime import date

from pulje.diagnostics.i18n import Translator
from pulje.diagnostics.wording import shorten
from pulje.documents.followup.revision import Proposal
from pulje.documents.word.plain import Heading, Para, PlainDoc, Table, placeholder, spans

_TR = Translator("da")


def changes_table(p: Proposal) -> Table:
    how = {"fast": "uændret (revision)", "sat": "nyt beløb efter ønske",
           "skaleret": "ændret i samme forhold, hele enheder",
           "rest": "ændret i samme forhold + resten",
           "oere": "ændret i samme forhold; enhedsprisen flyttet få øre",
           "haand": "ret antal eller enhedspris i hånden"}
    rows = []
    for c in p.changes:
        units = ""
        if c.new.enheder is not None and c.new.enhedspris is not None and c.changed:
            units = f"{_TR.value(c.old.enheder)} → {_TR.quantity(c.new.enheder, c.new.enhed)}"
            if c.new.enhedspris != c.old.enhedspris:
                units += f" à {_TR.kroner(c.new.enhedspris)}"
        rows.append([c.old.key, c.old.kategori_navn, shorten(c.old.beskrivelse, 70),
                     _TR.kroner(c.old.beloeb), _TR.kroner(c.new.beloeb),
                     _TR.kroner(c.difference), units.strip(), how[c.how]])
    rows.append(["", "I alt", "", _TR.kroner(p.old.expenses_total),
                 _TR.kroner(p.new.expenses_total),
                 _TR.kroner(p.new.expenses_total - p.old.expenses_total), "", ""])
    return Table(["Linje", "Kategori", "Beskrivelse", "Før", "Efter", "Forskel", "Enheder",
                  "Hvordan"], rows, amounts_from=3, bold_rows=frozenset({len(rows) - 1}))


def grant_note(p: Proposal, *, project: str, kommune: str, pool: str, granted: date) -> PlainDoc:
    """The note that goes with the revised budget after a grant of another amount."""
    doc = PlainDoc(
        title="Revideret budget efter tilsagn",
        facts=[("Projekt", project), ("Ansøger", kommune), ("Pulje", pool),
               ("Tilsagn", _TR.date(granted)), ("Ansøgt", _TR.kroner(p.old.applied)),
               ("Bevilget", _TR.kroner(p.new.applied))],
        header=f"{kommune} · Revideret budget", subject=project, author=kommune)
    doc.add(Heading("Budgetlinjer, der skal ændres"),
            Para(spans(f"Bevilget: {_TR.kroner(p.new.applied)} (ansøgt: "
                       f"{_TR.kroner(p.old.applied)}). Disse {len(p.changed)} linjer skal "
                       "ændres; det reviderede budget (Word og Excel) ligger ved til "
                       "godkendelse.")),
            changes_table(p), Heading("Sådan er forslaget regnet"),
            *(Para(spans(text)) for text in p.explanation),
            Heading("Godkendelse"),
            Para(spans(placeholder("hvem der godkender det reviderede budget, og hvornår"))))
    return doc


def change_note(p: Proposal, *, project: str, kommune: str, pool: str, reason: str | None,
                end: date | None, day: date) -> PlainDoc:
    """The short change request: what changes, why, and the revised budget beside it."""
    doc = PlainDoc(
        title="Anmodning om ændring af projektet",
        facts=[("Projekt", project), ("Ansøger", kommune), ("Pulje", pool),
               ("Dato", _TR.date(day))],
        header=f"{kommune} · Ændringsanmodning", subject=project, author=kommune)
    doc.add(Heading("Hvad ændres"))
    what = []
    if p.new.applied != p.old.applied:
        what.append(f"Tilskuddet ændres fra {_TR.kroner(p.old.applied)} til "
                    f"{_TR.kroner(p.new.applied)}.")
    if p.changed:
        what.append(f"{len(p.changed)} budgetlinjer ændres (tabellen herunder).")
    if end is not None:
        what.append(f"Projektperioden forlænges/ændres, så den slutter {_TR.date(end)}.")
    doc.add(Para(spans(" ".join(what) or "Ingen beløb ændres.")))
    doc.add(Heading("Begrundelse"))
    doc.add(Para(spans(reason) if reason else spans(placeholder("begrundelsen for ændringen"))))
    doc.add(Heading("Budgettet før og efter"), changes_table(p),
            Heading("Sådan er budgettet regnet"), *(Para(spans(t)) for t in p.explanation))
    return doc
