"""budget: the detailed budget — every expense (STAR's ten categories, units × unit price,
spread over the years, quarters or months the round asks for) and every financing line, over
the whole project period. The model is ``schemas.budget`` (re-exported here).

It is an attachment of its own (``pulje.documents.budget_*``), not drawn in the form, unless
the round wants it in the application itself (``i_skemaet: ja``, a form without questions).
The BUD rules check it against the økonomi section and the round's budget rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict
from pydantic.fields import FieldInfo

from pulje.diagnostics import N_
from schemas.budget import (
    FINANSIERING_NAVNE,
    GAMLE_KATEGORIER,
    KATEGORI_NAVNE,
    Budget,
    Finansieringslinje,
    Finansieringstype,
    Loenlinje,
    Udgiftskategori,
    Udgiftslinje,
    finansieringstype_af,
    kategori_af,
    perioder,
)
from schemas.common import Model
from schemas.form import Question
from schemas.kinds.base import Blank, Kind, Leaf, Part, Ref, Starter, Widget, field_info, register

__all__ = [
    "FINANSIERING_NAVNE", "GAMLE_KATEGORIER", "KATEGORI_NAVNE", "Budget", "BudgetKind",
    "Finansieringslinje", "Finansieringstype", "Loenlinje", "Udgiftskategori", "Udgiftslinje",
]


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: Drawn as a table in the application itself rather than as an attachment.
    i_skemaet: bool = False


@register
class BudgetKind(Kind):
    """The detailed budget (BUD001–BUD014 read it)."""

    word: ClassVar[str] = "budget"
    options = Options
    required_by_default: ClassVar[bool] = False
    messages = {
        "line_amount": N_(
            "A budget line needs an amount ('beloeb') or units and unit price "
            "('enheder' and 'enhedspris')."
        ),
        "period_format": N_(
            "'{input}' is not a period of the budget; write a year (2017), a quarter "
            "(2017-K1) or a month (2017-01)."
        ),
        "period_mixed": N_(
            "A budget line is spread over periods of different kinds (years, quarters, "
            "months); use the kind the round asks for."
        ),
    }

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return Budget, field_info(default_factory=Budget, json_schema_extra={"kind": self.word})

    def in_form(self, q: Question) -> bool:
        """Whether the form shows it (else it is the budget attachment)."""
        opts: Options = q.opts
        return opts.i_skemaet

    def resolve(self, q: Question, parts: Sequence[str], title: str) -> Leaf | None:
        return None  # read from pulje's own part of a draft, never from its controls

    def draw(self, writer: Any, q: Question, ref: Ref) -> Any:
        if self.in_form(q):
            writer.budget(ref)
        return None

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        rules = getattr(out.runde, "budget", None)
        slags = getattr(rules, "periodisering", None)
        columns = perioder(slags, out.runde.periode)
        shown = columns[:4]
        example = ", ".join(f"{p.noegle}: 0" if isinstance(p.noegle, int)
                            else f'"{p.noegle}": 0' for p in shown)
        if len(columns) > len(shown):
            example += ", …"
        ids = [k.value for k in KATEGORI_NAVNE]
        types = ", ".join(t.value for t in FINANSIERING_NAVNE)
        out.comment(
            "Det detaljerede budget: alle udgifter og eventuelle indtægter i hele "
            "projektperioden, med STAR's kategorier. Beløb i kr. (fx 45000 eller "
            "\"45.000,00\"). Løn: funktion, antal måneder eller timer og sats.", indent,
        )
        for line in (
            f"{indent}{q.id}:",
            f"{indent}  udgifter: []",
            f"{indent}  # Eksempel på en udgiftslinje (fjern # og udfyld):",
            f"{indent}  # - kategori: loen       # {', '.join(ids[:5])},",
            f"{indent}  #                        # {', '.join(ids[5:])}",
            f"{indent}  #   beskrivelse: Projektleder, 37 t/uge",
            f"{indent}  #   enheder: 24",
            f"{indent}  #   enhed: måned",
            f"{indent}  #   enhedspris: 45000",
            f"{indent}  #   fordeling: {{{example}}}",
            f"{indent}  #   bemaerkning: Budgetnote: hvorfor linjen er nødvendig",
            f"{indent}  finansiering: []",
            f"{indent}  # Medfinansiering, tilskud fra andre tilskudsgivere, moms, "
            "afskrivninger og indtægter:",
            f"{indent}  # - type: medfinansiering   # {types}",
            f"{indent}  #   beskrivelse: Kommunens medfinansiering",
            f"{indent}  #   beloeb: 0",
        ):
            out.line(line)

    def widget(self, q: Question) -> Widget:
        # The lines as tables (``tables``): a row per line, a cell per (name, title, kind) —
        # a kind's word, "tal" (a number), "valg" (one of ``choices[name]``) or "aar" (an
        # amount per year of the round's project period). ``amount``: the cell with the
        # line's amount, and the two cells whose product it is when it is blank (for the
        # live totals; the rules' sums are the truth).
        def cells(model: type[Model], kinds: dict[str, str]) -> list[tuple[str, str, str]]:
            return [(n, model.model_fields[n].title or n, k) for n, k in kinds.items()]

        return Widget("budget", self.widget_attrs(
            q, categories=list(KATEGORI_NAVNE.items()),
            financing=list(FINANSIERING_NAVNE.items()),
            choices={"kategori": [(c.value, n) for c, n in KATEGORI_NAVNE.items()],
                     "type": list(FINANSIERING_NAVNE.items())},
            # how a choice cell reads what an answer file holds (an old id, the guide's
            # words) as one of its choices: as the budget model reads it
            read={"kategori": kategori_af, "type": finansieringstype_af},
            tables=[
                {"key": "udgifter", "title": Budget.model_fields["udgifter"].title,
                 "columns": cells(Udgiftslinje, {
                     "kategori": "valg", "beskrivelse": "linje", "enheder": "tal",
                     "enhed": "linje", "enhedspris": "beloeb", "beloeb": "beloeb",
                     "fordeling": "aar", "bemaerkning": "linje"}),
                 "amount": ["beloeb", "enheder", "enhedspris"]},
                {"key": "finansiering", "title": Budget.model_fields["finansiering"].title,
                 "columns": cells(Finansieringslinje, {
                     "type": "valg", "beskrivelse": "linje", "beloeb": "beloeb",
                     "fordeling": "aar"}),
                 "amount": ["beloeb"]},
            ]))

    def blanks(self, q: Question, value: Any, path: tuple[Part, ...]) -> Iterator[Blank]:
        return iter(())  # BUD010 says when it has no lines

    def answer_paths(self, q: Question, path: str) -> list[str]:
        return []
