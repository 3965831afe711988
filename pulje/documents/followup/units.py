"""Whole units for a revised budget: each scaled line's new amount as units × unit price, so
that the revised workbook computes every line as the original does (``=C9*D9``).

A line counts in whole units when its units are a whole number (24 måneder, 2.250 km, 4
kursusdage); its unit price is kept — a salary is set by agreement, a price by the market or
by statute (kørsel: statens takst) — and what changes is the number of units:

1. Each line gets the whole units its share buys (its amount × the factor), rounded down.
2. The kroner left are given back a unit at a time, to the lines most below their share first,
   where a unit fits (a line gets at most the units its share rounded up).
3. The rest (less than a unit of the lines that could not take one) goes to the largest line
   without whole units (an amount alone) — or, where there is none, to the line most below
   its share, as units enough to hold it at a unit price lowered to fit (one unit more, a
   lower monthly rate: fewer hours a month). Where that price is not whole øre, the øre are
   evened out against one other line's unit price: a salary line's rate where one can take
   them (the rate is the budget's estimate), the fewest øre possible.
4. Where even that fails (every line's units share a factor the øre do not), the line takes
   the rest as a fixed amount, and the proposal names it: its units or unit price must be
   set by hand.

Pure: amounts are ``Decimal`` kroner; nothing is read or written.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from pulje.documents.followup.figures import Line

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass
class Share:
    """A scaled line being given its new amount."""

    line: Line
    #: Its share of what the scaled lines get (exact, before any rounding).
    share: Decimal
    amount: Decimal
    units: int | None = None
    price: Decimal | None = None
    #: "skaleret", "rest" (took the rest), "oere" (its price moved a few øre to even out the
    #: rest's), "haand" (a fixed amount: set units or price by hand)
    how: str = "skaleret"

    @property
    def whole(self) -> bool:
        return self.units is not None

    @property
    def deficit(self) -> Decimal:
        return self.share - self.amount


def whole_units(line: Line) -> bool:
    """Whether ``line`` is units × unit price in whole units."""
    return (line.enheder is not None and line.enhedspris is not None
            and line.enhedspris > ZERO and line.enheder > ZERO
            and line.enheder == line.enheder.to_integral_value())


def allocate(lines: list[Line], factor: Decimal, room: Decimal) -> tuple[list[Share], Decimal]:
    """The lines' new amounts, summing to ``room`` exactly; and the rest that step 3 placed."""
    shares = []
    for line in lines:
        share = line.beloeb * factor
        if whole_units(line):
            assert line.enhedspris is not None
            units = int((share / line.enhedspris).to_integral_value(ROUND_DOWN))
            shares.append(Share(line, share, line.enhedspris * units, units, line.enhedspris))
        else:
            shares.append(Share(line, share, _kroner(share)))
    rest = room - sum((s.amount for s in shares), ZERO)
    for s in sorted((s for s in shares if s.whole), key=lambda s: -s.deficit):
        assert s.price is not None and s.units is not None
        ceiling = int((s.share / s.price).to_integral_value(ROUND_CEILING))
        if s.units < ceiling and s.price <= rest:
            s.units += 1
            s.amount += s.price
            rest -= s.price
    placed = rest.quantize(CENT)
    if rest != ZERO and shares:
        _place(shares, rest.quantize(CENT))
    return shares, placed


def _kroner(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("1"), rounding=ROUND_DOWN).quantize(CENT)


def _place(shares: list[Share], rest: Decimal) -> None:
    free = [s for s in shares if not s.whole]
    if free:
        target = max(free, key=lambda s: s.line.beloeb)
        target.amount += rest
        target.how = "rest"
        return
    target = max(shares, key=lambda s: (s.deficit, s.amount))
    assert target.price is not None and target.units is not None
    total = target.amount + rest
    units = max(int((total / target.price).to_integral_value(ROUND_CEILING)), 1)
    ore = int(total * 100)
    if ore % units == 0:
        target.units, target.price, target.amount = units, Decimal(ore // units) / 100, total
        target.how = "rest"
        return
    if _even_out(shares, target, units, ore):
        return
    target.amount, target.how = total, "haand"


def _even_out(shares: list[Share], target: Share, units: int, ore: int) -> bool:
    """Lower ``target``'s price to whole øre and move the øre left to one other line's unit
    price: ``ore − d·n`` divisible by ``units`` for another line of ``n`` units, the smallest
    ``|d|`` (øre on that line's price)."""
    best: tuple[tuple[bool, int, int], int, Share] | None = None
    for other in shares:
        if other is target or not other.whole or other.price is None or not other.units:
            continue
        n = other.units
        for d in sorted(range(-units, units + 1), key=lambda x: (abs(x), x)):
            if (ore - d * n) % units == 0 and other.price * 100 + d > 0:
                # a salary line first (its rate is the budget's estimate, where a price may
                # be the market's or statute's), then the fewest øre, then most units
                rank = (not other.line.salary, abs(d), -n)
                if best is None or rank < best[0]:
                    best = (rank, d, other)
                break
    if best is None:
        return False
    _rank, d, other = best
    assert other.units is not None and other.price is not None
    n = other.units
    target.units, target.price = units, Decimal((ore - d * n) // units) / 100
    target.amount, target.how = target.price * units, "rest"
    other.price = other.price + Decimal(d) / 100
    other.amount = other.price * n
    other.how = "oere"
    return True


def spread_units(line: Line, units: int, price: Decimal) -> dict[int, Decimal]:
    """The line's years as whole units × ``price``: ``units`` shared out over the years in
    the proportion of the line's old amounts (largest remainder first), so each year holds
    whole months or hours and the years add up to units × price."""
    weights = {y: max(a, ZERO) for y, a in line.per_year.items()}
    total = sum(weights.values(), ZERO)
    if not weights or total == ZERO:
        return {}
    exact = {y: units * a / total for y, a in weights.items()}
    whole = {y: int(v.to_integral_value(ROUND_DOWN)) for y, v in exact.items()}
    left = units - sum(whole.values())
    for y in sorted(exact, key=lambda y: (-(exact[y] - whole[y]), y))[:left]:
        whole[y] += 1
    return {y: (price * n).quantize(CENT) for y, n in whole.items()}
