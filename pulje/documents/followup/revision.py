"""A revised budget when the amount granted (or asked for in a change) is not the budget's.

The proposal, step by step (each step is said in the proposal's explanation):

1. The expenses must come to the new amount plus the other financing, which does not change
   (co-financing, grants from others, income): ``new expenses = amount + other financing``.
2. Lines that keep their amount: the audit line (the audit's price does not follow the grant's
   size, and the round may require it) and every line the user sets (``pulje change --line``).
3. Every other line gets the same share of its amount, ``(new expenses − kept) / (old −
   kept)``. A line of whole units × unit price keeps its unit price and gets whole units; the
   rest is placed so the total is exact (``followup.units``, which says how). A line of an
   amount alone is rounded down to whole kroner.
4. Each line's split over the years: in whole units where the line has them, else scaled; the
   rounding's kroner go to its largest year.
5. A line that changed gets a remark saying what changed, and the old remark is quoted for the
   user to rewrite (it spoke of the old units: "fuld tid i hele perioden").

Pure: no files, no documents. Amounts are ``Decimal`` kroner. The explanation is kept as
messages (msgid and parameters), shown in the user's language; the documents are Danish.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import N_, Translator
from pulje.diagnostics.model import Kr, Pct
from pulje.diagnostics.wording import unit_word
from pulje.documents.followup.figures import BudgetView, Line, with_lines
from pulje.documents.followup.units import Share, allocate, spread_units, whole_units

ONE = Decimal("1")
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class RevisionImpossible(PuljeError):
    """Raised when no budget can come to the amount (the kept lines alone exceed it)."""


@dataclass(frozen=True)
class Change:
    """One line before and after."""

    old: Line
    new: Line
    #: Why: "fast" (kept: audit), "sat" (set by the user), "skaleret" (scaled), "rest" (scaled,
    #: and took the rounding's remainder), "oere" (scaled; its unit price moved by a few øre to
    #: keep the prices whole øre), "haand" (scaled to a fixed amount: units or price by hand).
    how: str

    @property
    def difference(self) -> Decimal:
        return self.new.beloeb - self.old.beloeb

    @property
    def changed(self) -> bool:
        return self.new.beloeb != self.old.beloeb


@dataclass(frozen=True)
class Proposal:
    """The revised budget and how it was made."""

    old: BudgetView
    new: BudgetView
    changes: tuple[Change, ...]
    factor: Decimal
    remainder: Decimal
    remainder_key: str | None
    #: The explanation as messages: (msgid, parameters), in order.
    reasons: tuple[tuple[str, dict[str, object]], ...] = field(default=())
    #: The lines whose amount is not units × unit price: set them by hand.
    by_hand: tuple[str, ...] = ()

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.changed]

    def explain(self, tr: Translator) -> list[str]:
        """The explanation in ``tr``'s language."""
        return [_say(tr, msgid, dict(params)) for msgid, params in self.reasons]

    @property
    def explanation(self) -> tuple[str, ...]:
        """The explanation in Danish (the notes' language)."""
        return tuple(self.explain(Translator("da")))


def _say(tr: Translator, msgid: str, params: Mapping[str, object]) -> str:
    """``tr.format``, with no double full stop after an amount ("900.000,00 kr..")."""
    return tr.format(msgid, dict(params)).replace("kr..", "kr.")


def _whole(amount: Decimal) -> Decimal:
    return amount.quantize(ONE, rounding=ROUND_DOWN).quantize(CENT)


def _kr(amount: Decimal) -> str:
    return Translator("da").kroner(amount)


def _scale_years(line: Line, amount: Decimal) -> dict[int, Decimal]:
    """The line's years scaled to ``amount``; the rounding's kroner on its largest year."""
    total = sum(line.per_year.values(), ZERO)
    if total == ZERO or not line.per_year:
        return dict(line.per_year)
    out = {y: _whole(a * amount / total) for y, a in line.per_year.items()}
    largest = max(out, key=lambda y: (line.per_year[y], -y))
    out[largest] = (out[largest] + amount - sum(out.values(), ZERO)).quantize(CENT)
    return out


def _set_line(line: Line, amount: Decimal) -> tuple[Line, bool]:
    """A line set to ``amount`` by the user: whole units at its price where they give it;
    else the amount alone (True: its units or price must be set by hand)."""
    if whole_units(line):
        assert line.enhedspris is not None
        units = amount / line.enhedspris
        if units == units.to_integral_value():
            return _whole_line(line, int(units), line.enhedspris), False
        return dataclasses.replace(line, beloeb=amount,
                                   per_year=_scale_years(line, amount)), True
    return _free_line(line, amount), False


def _whole_line(line: Line, units: int, price: Decimal) -> Line:
    amount = (price * units).quantize(CENT)
    years = spread_units(line, units, price) or _scale_years(line, amount)
    return dataclasses.replace(line, beloeb=amount, enheder=Decimal(units), enhedspris=price,
                               per_year=years)


def _free_line(line: Line, amount: Decimal) -> Line:
    """A line of an amount (or of units not whole): units to two decimals where it has them."""
    units = line.enheder
    if units is not None and line.enhedspris is not None and line.enhedspris != ZERO:
        units = (amount / line.enhedspris).quantize(CENT, rounding=ROUND_HALF_UP)
    return dataclasses.replace(line, beloeb=amount, enheder=units,
                               per_year=_scale_years(line, amount))


def _from_share(s: Share) -> Line:
    if s.how == "haand" or s.units is None or s.price is None:
        return dataclasses.replace(s.line, beloeb=s.amount.quantize(CENT),
                                   per_year=_scale_years(s.line, s.amount.quantize(CENT)))
    return _whole_line(s.line, s.units, s.price)


def propose(view: BudgetView, amount: Decimal, *, set_lines: Mapping[str, Decimal] | None = None,
            keep_audit: bool = True) -> Proposal:
    """The revised budget for the amount ``amount`` (granted or asked for)."""
    amount = amount.quantize(CENT)
    set_lines = {k: v.quantize(CENT) for k, v in (set_lines or {}).items()}
    for key in set_lines:
        if view.line(key) is None:
            raise RevisionImpossible(
                N_("The budget has no line {line} (its lines are 1–{last})."),
                N_("Give the line's number as the reports and the proposal number it."),
                line=key, last=len(view.lines))
    target = (amount + view.cofinancing + view.other_financing).quantize(CENT)
    kept: dict[str, str] = {}
    for line in view.lines:
        if line.key in set_lines:
            kept[line.key] = "sat"
        elif keep_audit and line.audit:
            kept[line.key] = "fast"
    kept_total = sum((set_lines.get(line.key, line.beloeb) for line in view.lines
                      if line.key in kept), ZERO)
    scaled = [line for line in view.lines if line.key not in kept]
    old_scaled = sum((line.beloeb for line in scaled), ZERO)
    room = target - kept_total
    if room < ZERO or (room > ZERO and old_scaled == ZERO):
        raise RevisionImpossible(
            N_("The budget cannot come to {amount}: the lines that keep their amount (audit "
               "and the lines set) come to {kept} already."),
            N_("Set fewer lines, or lower the lines set."),
            amount=_kr(target), kept=_kr(kept_total))
    factor = (room / old_scaled) if old_scaled != ZERO else ONE
    shares, rest = allocate(scaled, factor, room)
    by_key = {s.line.key: s for s in shares}
    changes: list[Change] = []
    by_hand: list[str] = []
    for line in view.lines:
        if line.key in set_lines:
            new, hand = _set_line(line, set_lines[line.key])
            how = "sat"
            by_hand += [line.key] if hand else []
        elif line.key in kept:
            new, how = line, kept[line.key]
        else:
            s = by_key[line.key]
            new, how = _from_share(s), s.how
            by_hand += [line.key] if how == "haand" else []
        changes.append(Change(line, _remarked(line, new, how), how))
    new_view = with_lines(view, [c.new for c in changes], amount)
    remainder_key = next((c.old.key for c in changes if c.how in ("rest", "haand")), None)
    p = Proposal(view, new_view, tuple(changes), factor, rest, remainder_key)
    return dataclasses.replace(p, by_hand=tuple(by_hand), reasons=_reasons(
        p, amount, target, kept_total, set_lines, tuple(by_hand)))


def _remarked(old: Line, new: Line, how: str) -> Line:
    """``new`` with a remark that says what changed (and quotes the old one to rewrite)."""
    if new == old:
        return new
    tr = Translator("da")
    amounts = {"old": tr.kroner(old.beloeb), "new": tr.kroner(new.beloeb)}
    if new.enheder is not None and new.enhedspris is not None and old.enheder is not None:
        units = (tr.quantity(new.enheder, new.enhed) if new.enheder == old.enheder
                 else f"{tr.value(old.enheder)} → {tr.quantity(new.enheder, new.enhed)}")
        if how == "haand" or (how == "sat" and new.beloeb != (
                new.enheder * new.enhedspris).quantize(CENT)):
            text = _say(tr, N_("Revised: {old} → {new}. Set the units or the unit price by "
                                "hand: {units} at {price} is not {new}."),
                             {**amounts, "units": tr.quantity(new.enheder, new.enhed),
                              "price": tr.kroner(new.enhedspris)})
        elif new.enhedspris != old.enhedspris and old.enhedspris is not None:
            text = _say(tr, N_("Revised: {units} at {price} (before: {old_price}), {old} → "
                                "{new}."),
                             {**amounts, "units": units, "price": tr.kroner(new.enhedspris),
                              "old_price": tr.kroner(old.enhedspris)})
        else:
            text = _say(tr, N_("Revised: {units}, {old} → {new}."), {**amounts, "units": units})
    else:
        text = _say(tr, N_("Revised: {old} → {new}."), amounts)
    if old.bemaerkning:
        text += " " + _say(tr, N_("Write a new remark (before: \u201c{remark}\u201d)."),
                                {"remark": " ".join(old.bemaerkning.split())})
    return dataclasses.replace(new, bemaerkning=text)


def _reasons(p: Proposal, amount: Decimal, target: Decimal, kept: Decimal,
             set_lines: Mapping[str, Decimal], by_hand: tuple[str, ...]
             ) -> tuple[tuple[str, dict[str, object]], ...]:
    view = p.old
    out: list[tuple[str, dict[str, object]]] = [(
        N_("The amount from the pool changes from {old} to {new}. The other financing "
           "({other}) does not change, so the expenses must come to {target} in all (before: "
           "{before})."),
        {"old": Kr(view.applied), "new": Kr(amount),
         "other": Kr(view.cofinancing + view.other_financing), "target": Kr(target),
         "before": Kr(view.expenses_total)})]
    audit = [line.key for line in view.lines if line.audit and line.key not in set_lines]
    if audit:
        out.append((N_("The audit keeps its amount: its price does not follow the size of the "
                       "grant (line {lines})."), {"lines": ", ".join(audit)}))
    if set_lines:
        out.append((N_("Lines with a new amount as asked: {lines}."), {"lines": "; ".join(
            f"{k}: {_kr(v)}" for k, v in set_lines.items())}))
    out.append((
        N_("The other lines change by the same factor, {percent} of their amount ({total} in "
           "all). A line of units × unit price keeps its unit price — a salary is set by "
           "agreement, a price by the market or by statute — and gets the whole units its "
           "share buys, rounded down; the kroner left go back a unit at a time to the lines "
           "most below their share. An amount without units is rounded down to whole kroner."),
        {"percent": Pct((p.factor * 100).quantize(CENT)), "total": Kr(target - kept)}))
    rest_line = next((c for c in p.changes if c.how == "rest"), None)
    if p.remainder != ZERO and rest_line is not None:
        new = rest_line.new
        if new.enheder is not None and new.enhedspris is not None and whole_units(rest_line.old):
            out.append((N_("The {rest} left (less than a unit of the lines below their share) "
                           "went to line {line}: {units} {unit} at {price}, the unit price "
                           "lowered to fit, so the sum is exact."),
                        {"rest": Kr(p.remainder), "line": rest_line.old.key,
                         "units": new.enheder, "unit": unit_word(new.enhed or "", new.enheder),
                         "price": Kr(new.enhedspris)}))
        else:
            out.append((N_("The {rest} left went to line {line}, an amount without whole "
                           "units, so the sum is exact."),
                        {"rest": Kr(p.remainder), "line": rest_line.old.key}))
    for c in p.changes:
        if c.how == "oere" and c.old.enhedspris is not None and c.new.enhedspris is not None:
            out.append((N_("To keep every unit price in whole øre, line {line}'s unit price "
                           "moved from {old} to {new}."),
                        {"line": c.old.key, "old": Kr(c.old.enhedspris),
                         "new": Kr(c.new.enhedspris)}))
    if by_hand:
        out.append((N_("Set the units or the unit price of line(s) {lines} by hand: their "
                       "amount is not a whole number of units at a price in whole øre."),
                    {"lines": ", ".join(by_hand)}))
    out.append((N_("Each line's split over the years changes in the same proportion, in whole "
                   "units where the line has them; the remark of each line that changed says "
                   "what changed and quotes the old remark to write anew."), {}))
    return tuple(out)
